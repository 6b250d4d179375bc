// The calibration study of Fairview's flags (issue 12): a SYNTHETIC England (england.ts) written in
// the real file layouts (files.ts), imported through the real import use cases, computed into a
// release by `recompute`, and the stored flags compared with the truth. For each method — the crude
// comparison with England (Fingertips), the crude funnel (FunnelPlotR), the case-mix adjusted funnel
// (binomial GLM + FunnelPlotR SR) and the headline judgment — the false-flag rate among practices
// with nothing planted and the recall of planted ones, at 95% and 99.8%, overall and by fifth of
// practice size, deprivation and list age structure (share aged 65+), and by kind of list; for SPC,
// how many monthly series raise a signal, with nothing planted and with a planted step, trend or spike.

import { recompute } from '../../src/app/compute/recompute.ts';
import { importFile } from '../../src/app/import/import-file.ts';
import { importIndicatorTemplate } from '../../src/app/indicators/import-template.ts';
import { pchisq } from '../../src/stats/index.ts';
import type { Store } from '../../src/store/database.ts';
import {
  ACHIEVEMENT,
  type ListKind,
  MONTHLY,
  type SimPractice,
  type Simulation,
  type SpcPlant,
} from './england.ts';
import { writeSimulationFiles } from './files.ts';

export const METHODS = ['crude', 'funnel', 'adjusted', 'headline'] as const;
export type Method = (typeof METHODS)[number];
export const STRATA = ['size', 'deprivation', 'age'] as const;
export type Stratum = (typeof STRATA)[number];

export interface Rates {
  n: number;
  flagged95: number;
  flagged998: number;
}

export interface MethodTable {
  method: Method;
  /** Practice-indicator-periods with nothing planted: the false-flag rate. */
  null: Rates;
  /** Planted ones: the recall. */
  planted: Rates;
  /** The null rows by fifth (1 = smallest list, least deprived, youngest list). */
  fifths: Record<Stratum, Rates[]>;
  kinds: Record<ListKind, Rates>;
}

export interface SpcRow {
  method: 'exact XmR, any point' | 'exact XmR, last 3 points' | 'headline';
  /** Series and how many signalled, by what was planted. */
  byPlant: Record<SpcPlant, { n: number; signalled: number }>;
}

export interface StudyOutcome {
  practices: number;
  annualRows: number;
  methods: MethodTable[];
  spc: SpcRow[];
  timings: { importMs: number; recomputeMs: number };
}

const empty = (): Rates => ({ n: 0, flagged95: 0, flagged998: 0 });
const FLAGGED_95 = new Set(['high_95', 'high_99_8', 'low_95', 'low_99_8']);
const FLAGGED_998 = new Set(['high_99_8', 'low_99_8']);
const NOT_DIFFERENT = new Set(['similar', 'not_compared']);

/** Imports the simulation's files and computes release `release`. */
export async function importAndRecompute(
  store: Store,
  sim: Simulation,
  options: { now: Date; release: string; folder?: string },
): Promise<{ importMs: number; recomputeMs: number; releaseId: number }> {
  const files = await writeSimulationFiles(sim, options.folder);
  const started = performance.now();
  for (const path of files.nhs) await importFile(store, path, { actor: 'simulation' });
  for (const path of files.templates) await importIndicatorTemplate(store, path, 'simulation', options.now);
  const imported = performance.now();
  const outcome = await recompute(store, {
    now: options.now,
    actor: 'simulation',
    release: options.release,
    peerCount: 5,
  });
  return {
    importMs: imported - started,
    recomputeMs: performance.now() - imported,
    releaseId: outcome.release.id,
  };
}

/** Equal-count fifths of the practices by a measure: practice code → 1…5. */
function fifths(practices: readonly SimPractice[], measure: (p: SimPractice) => number): Map<string, number> {
  const sorted = [...practices].sort((a, b) => measure(a) - measure(b) || (a.code < b.code ? -1 : 1));
  return new Map(sorted.map((p, i) => [p.code, Math.floor((5 * i) / sorted.length) + 1]));
}

function add(r: Rates, flagged95: boolean, flagged998: boolean): void {
  r.n++;
  if (flagged95) r.flagged95++;
  if (flagged998) r.flagged998++;
}

/** One practice × indicator × year's flags by each method: [flagged at 95%, flagged at 99.8%]. */
export interface FlagRow {
  code: string;
  period: string;
  practice: string;
  flags: Partial<Record<Method, [boolean, boolean]>>;
}

/** The false-flag and recall tables of the annual indicators, for the methods the rows carry. */
export function tabulate(
  sim: Simulation,
  rows: Iterable<FlagRow>,
  methods: readonly Method[] = METHODS,
): {
  annualRows: number;
  methods: MethodTable[];
} {
  const byCode = new Map(sim.practices.map((p) => [p.code, p]));
  const planted = new Map<string, boolean>();
  for (const r of sim.registers) planted.set(`QOF-PREV-${r.group}|${r.year}|${r.practice}`, r.planted !== 1);
  for (const a of sim.achievement)
    planted.set(`${ACHIEVEMENT.code}|${a.year}|${a.practice}`, a.planted !== 0);
  const strata: Record<Stratum, Map<string, number>> = {
    size: fifths(sim.practices, (p) => p.listSize),
    deprivation: fifths(sim.practices, (p) => p.imd),
    age: fifths(sim.practices, (p) => p.share65),
  };
  const tables = methods.map(
    (method): MethodTable => ({
      method,
      null: empty(),
      planted: empty(),
      fifths: {
        size: [1, 2, 3, 4, 5].map(empty),
        deprivation: [1, 2, 3, 4, 5].map(empty),
        age: [1, 2, 3, 4, 5].map(empty),
      },
      kinds: { standard: empty(), family: empty(), student: empty(), retirement: empty() },
    }),
  );
  let annualRows = 0;
  for (const r of rows) {
    const isPlanted = planted.get(`${r.code}|${r.period}|${r.practice}`);
    if (isPlanted === undefined) continue;
    annualRows++;
    const practice = byCode.get(r.practice)!;
    for (const t of tables) {
      const [f95, f998] = r.flags[t.method] ?? [false, false];
      if (isPlanted) {
        add(t.planted, f95, f998);
        continue;
      }
      add(t.null, f95, f998);
      for (const s of STRATA) add(t.fifths[s][strata[s].get(practice.code)! - 1]!, f95, f998);
      add(t.kinds[practice.kind], f95, f998);
    }
  }
  return { annualRows, methods: tables };
}

const flaggedPair = (flag: string | null): [boolean, boolean] => [
  FLAGGED_95.has(flag ?? ''),
  FLAGGED_998.has(flag ?? ''),
];

/** The study's tables from a computed release. */
export async function analyseRelease(
  store: Store,
  sim: Simulation,
  releaseId: number,
): Promise<Omit<StudyOutcome, 'timings'>> {
  const rows = await store.db
    .selectFrom('result')
    .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
    .select([
      'indicator.code',
      'result.period',
      'result.area_code',
      'result.cmp_england',
      'result.cmp_england_998',
      'result.funnel_flag',
      'result.casemix_flag',
      'result.headline_flag',
    ])
    .where('result.release_id', '=', releaseId)
    .where('result.area_kind', '=', 'practice')
    .where('indicator.code', '<>', MONTHLY.code)
    .execute();
  const table = tabulate(
    sim,
    rows.map((r) => ({
      code: r.code,
      period: r.period,
      practice: r.area_code,
      flags: {
        crude: [
          r.cmp_england !== null && !NOT_DIFFERENT.has(r.cmp_england),
          r.cmp_england_998 !== null && !NOT_DIFFERENT.has(r.cmp_england_998),
        ],
        funnel: flaggedPair(r.funnel_flag),
        adjusted: flaggedPair(r.casemix_flag),
        headline: flaggedPair(r.headline_flag),
      },
    })),
  );
  return { practices: sim.practices.length, ...table, spc: await analyseSpc(store, sim, releaseId) };
}

/** The SPC table of the monthly series: how many signal, by what was planted. */
export function spcTable(
  sim: Simulation,
  method: SpcRow['method'],
  series: Iterable<string>,
  signalled: ReadonlySet<string>,
): SpcRow {
  const byPlant: SpcRow['byPlant'] = {
    none: { n: 0, signalled: 0 },
    step: { n: 0, signalled: 0 },
    trend: { n: 0, signalled: 0 },
    spike: { n: 0, signalled: 0 },
  };
  for (const practice of series) {
    const plant = sim.spcPlants.get(practice)?.kind;
    if (!plant) continue;
    byPlant[plant].n++;
    if (signalled.has(practice)) byPlant[plant].signalled++;
  }
  return { method, byPlant };
}

async function analyseSpc(store: Store, sim: Simulation, releaseId: number): Promise<SpcRow[]> {
  const indicator = await store.db
    .selectFrom('release_indicator')
    .innerJoin('indicator', 'indicator.id', 'release_indicator.indicator_id')
    .select('indicator.id')
    .where('release_indicator.release_id', '=', releaseId)
    .where('indicator.code', '=', MONTHLY.code)
    .executeTakeFirst();
  if (!indicator) return [];
  const summaries = await store.db
    .selectFrom('spc_summary')
    .select(['practice_code', 'headline_signal'])
    .where('release_id', '=', releaseId)
    .where('indicator_id', '=', indicator.id)
    .execute();
  const points = await store.db
    .selectFrom('spc_point')
    .select(['practice_code', 'period', 'special_cause'])
    .where('release_id', '=', releaseId)
    .where('indicator_id', '=', indicator.id)
    .execute();
  const recent = new Set(sim.months.slice(-3));
  const anyPoint = new Set<string>();
  const recentPoint = new Set<string>();
  for (const p of points) {
    if (p.special_cause === null || p.special_cause === 'Common Cause') continue;
    anyPoint.add(p.practice_code);
    if (recent.has(p.period)) recentPoint.add(p.practice_code);
  }
  const headline = new Set(summaries.filter((s) => s.headline_signal !== null).map((s) => s.practice_code));
  const series = summaries.map((s) => s.practice_code);
  return [
    spcTable(sim, 'exact XmR, any point', series, anyPoint),
    spcTable(sim, 'exact XmR, last 3 points', series, recentPoint),
    spcTable(sim, 'headline', series, headline),
  ];
}

export async function runStudy(
  store: Store,
  sim: Simulation,
  options: { now: Date; release?: string },
): Promise<StudyOutcome> {
  const { importMs, recomputeMs, releaseId } = await importAndRecompute(store, sim, {
    now: options.now,
    release: options.release ?? 'calibration',
  });
  return { ...(await analyseRelease(store, sim, releaseId)), timings: { importMs, recomputeMs } };
}

const pct = (k: number, n: number) => (n === 0 ? '–' : `${((100 * k) / n).toFixed(2)}%`);

/** The largest ratio between two fifths' rates (Infinity when one is 0 and another is not). */
export function fifthRatio(rates: readonly Rates[], level: '95' | '998'): number {
  const values = rates.map((r) => (level === '95' ? r.flagged95 : r.flagged998) / r.n);
  const max = Math.max(...values);
  const min = Math.min(...values);
  return max === 0 ? 1 : min === 0 ? Number.POSITIVE_INFINITY : max / min;
}

/**
 * χ² test that the groups' flag rates are equal (the groups taken as independent): its p-value. A
 * ratio between fifths means little when each holds a few dozen flags; this says whether they differ
 * more than chance allows.
 */
export function homogeneity(groups: readonly Rates[], level: '95' | '998'): number {
  const k = groups.map((g) => (level === '95' ? g.flagged95 : g.flagged998));
  const n = groups.map((g) => g.n);
  const p = k.reduce((a, b) => a + b, 0) / n.reduce((a, b) => a + b, 0);
  if (p === 0 || p === 1) return 1;
  let chi = 0;
  groups.forEach((_, i) => {
    const e = n[i]! * p;
    chi += (k[i]! - e) ** 2 / (e * (1 - p));
  });
  return pchisq(chi, groups.length - 1, false);
}

/** The study as plain-text tables. */
export function formatStudy(o: Omit<StudyOutcome, 'timings'>): string {
  const lines: string[] = [];
  lines.push(
    `SYNTHETIC England: ${o.practices.toLocaleString('en-GB')} practices, ${o.annualRows.toLocaleString('en-GB')} practice × indicator × year results (5 QOF registers and an achievement-type indicator).`,
  );
  lines.push('');
  lines.push(
    'False flags (nothing planted) and recall (planted ×0.6 / ×1.7, or ±1.2 log-odds), at 95% | 99.8%:',
  );
  lines.push(`${'method'.padEnd(10)}${'false flags'.padStart(22)}${'recall'.padStart(22)}`);
  for (const t of o.methods) {
    lines.push(
      `${t.method.padEnd(10)}${`${pct(t.null.flagged95, t.null.n)} | ${pct(t.null.flagged998, t.null.n)}`.padStart(22)}${`${pct(t.planted.flagged95, t.planted.n)} | ${pct(t.planted.flagged998, t.planted.n)}`.padStart(22)}`,
    );
  }
  for (const stratum of STRATA) {
    lines.push('');
    const label = { size: 'list size', deprivation: 'deprivation (IMD)', age: 'share aged 65+' }[stratum];
    lines.push(
      `False flags by fifth of ${label}, 1 = lowest … 5 = highest, at 95% | 99.8% (max ratio between fifths):`,
    );
    for (const t of o.methods) {
      const cells = t.fifths[stratum].map((r) =>
        `${pct(r.flagged95, r.n)}|${pct(r.flagged998, r.n)}`.padStart(15),
      );
      lines.push(
        `${t.method.padEnd(10)}${cells.join('')}   ratio ${fifthRatio(t.fifths[stratum], '95').toFixed(2)} | ${fifthRatio(t.fifths[stratum], '998').toFixed(2)}; χ² p ${homogeneity(t.fifths[stratum], '95').toPrecision(2)} | ${homogeneity(t.fifths[stratum], '998').toPrecision(2)}`,
      );
    }
  }
  lines.push('');
  lines.push('False flags by kind of list, at 95% | 99.8%:');
  for (const t of o.methods) {
    lines.push(
      `${t.method.padEnd(10)}${(Object.keys(t.kinds) as ListKind[]).map((k) => `${k} ${pct(t.kinds[k].flagged95, t.kinds[k].n)}|${pct(t.kinds[k].flagged998, t.kinds[k].n)}`.padStart(24)).join('')}`,
    );
  }
  if (o.spc.length > 0) {
    lines.push('');
    lines.push(
      'SPC, 36-month seasonal series: share raising a signal, by what was planted in the recent months:',
    );
    for (const row of o.spc) {
      lines.push(
        `${row.method.padEnd(26)}${(Object.keys(row.byPlant) as SpcPlant[])
          .map((k) =>
            `${k === 'none' ? 'nothing' : k} ${pct(row.byPlant[k].signalled, row.byPlant[k].n)} of ${row.byPlant[k].n}`.padStart(
              24,
            ),
          )
          .join('')}`,
      );
    }
  }
  return lines.join('\n');
}
