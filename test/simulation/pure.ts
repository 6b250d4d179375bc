// The calibration study without a database: the SYNTHETIC England's facts and case-mix sources built
// in memory exactly as recompute reads them from the store (practices in code order, the population in
// the canonical band order, extracts chosen by the period's end date), run through the same
// `judgmentStep` and `headlineSpc` as recompute. The release-path test checks that the stored
// release equals this; the calibration test can then afford a larger England.
import { type CaseMixSources, compareBands } from '../../src/app/compute/casemix-inputs.ts';
import type { PracticeFact } from '../../src/app/compute/facts.ts';
import { judgmentStep, type PracticeHeadline } from '../../src/app/compute/judgment-step.ts';
import type { PopulationCount } from '../../src/domain/casemix/age-bands.ts';
import type { StandardisedModel } from '../../src/domain/casemix/standardised-model.ts';
import type { PeriodType } from '../../src/domain/indicators/definition.ts';
import { periodEndDate } from '../../src/domain/indicators/periods.ts';
import { type HeadlineSpc, headlineSpc } from '../../src/domain/judgment/index.ts';
import { ACHIEVEMENT, BANDS, MONTHLY, type Simulation } from './england.ts';

export interface SimIndicator {
  code: string;
  periodType: PeriodType;
  /** Period → the practices' facts, in practice code order. */
  periods: Map<string, PracticeFact[]>;
}

/** The indicators recompute makes from the simulation's files, in code order. */
export function simulationIndicators(sim: Simulation): SimIndicator[] {
  const out = new Map<string, SimIndicator>();
  const add = (code: string, periodType: PeriodType, period: string, fact: PracticeFact) => {
    const indicator = out.get(code) ?? { code, periodType, periods: new Map() };
    out.set(code, indicator);
    const list = indicator.periods.get(period) ?? [];
    indicator.periods.set(period, list);
    list.push(fact);
  };
  for (const r of sim.registers)
    add(`QOF-PREV-${r.group}`, 'financial_year', r.year, {
      practice: r.practice,
      numerator: r.register,
      denominator: r.list,
    });
  for (const a of sim.achievement)
    add(ACHIEVEMENT.code, 'financial_year', a.year, {
      practice: a.practice,
      numerator: a.numerator,
      denominator: a.denominator,
    });
  for (const m of sim.monthly)
    add(MONTHLY.code, 'month', m.month, {
      practice: m.practice,
      numerator: m.numerator,
      denominator: m.denominator,
    });
  for (const indicator of out.values()) {
    indicator.periods = new Map([...indicator.periods].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    for (const list of indicator.periods.values()) list.sort((a, b) => (a.practice < b.practice ? -1 : 1));
  }
  return [...out.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** The registration extract nearest a date (ties: the earlier), as CaseMixInputs chooses it. */
function nearestExtract(sim: Simulation, date: string): number {
  let best = 0;
  let bestDays = Number.POSITIVE_INFINITY;
  sim.extractDates.forEach((d, i) => {
    const days = Math.abs(Date.parse(d) - Date.parse(date));
    if (days < bestDays) {
      best = i;
      bestDays = days;
    }
  });
  return best;
}

const sourcesCache = new WeakMap<Simulation, Map<number, CaseMixSources>>();

/** The case-mix sources of one extract, as CaseMixInputs.forDate gives them. */
export function simulationSources(sim: Simulation, extract: number): CaseMixSources {
  const cache = sourcesCache.get(sim) ?? new Map<number, CaseMixSources>();
  sourcesCache.set(sim, cache);
  const hit = cache.get(extract);
  if (hit) return hit;
  const finePopulation = new Map<string, PopulationCount[]>();
  for (const p of sim.practices) {
    const pop = p.population[extract]!;
    const rows: PopulationCount[] = BANDS.flatMap((b, k) => [
      { sex: 'female' as const, ageBand: b.label, patients: pop.female[k]! },
      { sex: 'male' as const, ageBand: b.label, patients: pop.male[k]! },
    ]);
    finePopulation.set(p.code, rows.sort(compareBands));
  }
  const sources: CaseMixSources = {
    populationExtract: sim.extractDates[extract]!,
    imdYear: 2019,
    population: new Map(),
    finePopulation,
    imd: new Map(sim.practices.map((p) => [p.code, p.imd])),
    rural: new Map(sim.practices.map((p) => [p.code, p.rural])),
  };
  cache.set(extract, sources);
  return sources;
}

/** `code|period|practice` → the headline judgment recompute makes. */
export function pureHeadlines(
  sim: Simulation,
  indicators = simulationIndicators(sim),
): Map<string, PracticeHeadline> {
  const out = new Map<string, PracticeHeadline>();
  for (const indicator of indicators) {
    let previous: StandardisedModel | null = null;
    for (const [period, facts] of indicator.periods) {
      const date = periodEndDate(period, indicator.periodType)!;
      const step = judgmentStep(
        'proportion',
        facts,
        simulationSources(sim, nearestExtract(sim, date)),
        previous,
      );
      previous = step.model ?? previous;
      for (const [practice, h] of step.byPractice) out.set(`${indicator.code}|${period}|${practice}`, h);
    }
  }
  return out;
}

/** Practice → its headline SPC chart of the monthly indicator, as recompute makes it. */
export function pureSpc(sim: Simulation): Map<string, HeadlineSpc | null> {
  const numerators = new Map<string, number>();
  const denominators = new Map<string, number>();
  const byPractice = new Map<string, typeof sim.monthly>();
  for (const m of sim.monthly) {
    numerators.set(m.month, (numerators.get(m.month) ?? 0) + m.numerator);
    denominators.set(m.month, (denominators.get(m.month) ?? 0) + m.denominator);
    const list = byPractice.get(m.practice) ?? [];
    byPractice.set(m.practice, list);
    list.push(m);
  }
  const out = new Map<string, HeadlineSpc | null>();
  for (const [practice, rows] of byPractice) {
    out.set(
      practice,
      headlineSpc(
        rows.map((r) => ({
          period: r.month,
          date: periodEndDate(r.month, 'month')!,
          value: (r.numerator / r.denominator) * 100,
          england: (numerators.get(r.month)! / denominators.get(r.month)!) * 100,
        })),
        'decrease',
      ),
    );
  }
  return out;
}
