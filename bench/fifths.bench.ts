/**
 * The headline judgment's fifths at 99.8%, with enough flags to read a ratio (issue 12). The full
 * calibration study (`npm run bench -- calibration`) runs one SYNTHETIC England of 6,500 practices
 * through the database; at 99.8% its fifths then hold 30–60 flags each, so the largest ratio between
 * two fifths is mostly chance. This runs the same judgment (`judgmentStep`, through
 * test/simulation/pure.ts, which release-path.test.ts shows equal to a stored release bit for bit) on
 * several independently seeded Englands of the same size and pools their tables, so each fifth holds
 * hundreds of flags and the ratio measures the judgment rather than the luck of one England.
 *
 *   npm run bench -- fifths                 8 Englands of 6,500 practices × 4 QOF years (~5–10 minutes)
 *   npm run bench -- fifths --scale 0.1     a quick look
 *
 * The baseline is simulating the Englands, so "× baseline" says what judging them costs.
 */
import { type Simulation, simulateEngland } from '../test/simulation/england.ts';
import { pureHeadlines, simulationIndicators } from '../test/simulation/pure.ts';
import {
  fifthRatio,
  homogeneity,
  type Rates,
  STRATA,
  type Stratum,
  tabulate,
} from '../test/simulation/study.ts';
import type { Harness } from './harness.ts';

const SEEDS = [2024, 2025, 2026, 2027, 2028, 2029, 2030, 2031];
const YEARS = ['2020-21', '2021-22', '2022-23', '2023-24'];

const empty = (): Rates => ({ n: 0, flagged95: 0, flagged998: 0 });
const addInto = (into: Rates, r: Rates) => {
  into.n += r.n;
  into.flagged95 += r.flagged95;
  into.flagged998 += r.flagged998;
};

export default async function fifthsBench(h: Harness): Promise<void> {
  const practices = h.size(6500, 300);
  const seeds = SEEDS.slice(0, Math.max(2, Math.round(SEEDS.length * Math.min(1, h.size(100, 25) / 100))));
  h.group(
    `The headline judgment's fifths pooled over ${seeds.length} SYNTHETIC Englands of ${practices.toLocaleString('en-GB')} practices × ${YEARS.length} QOF years (no database: the judgment recompute runs)`,
  );
  const make = () =>
    seeds.map((seed) => simulateEngland({ seed, practices, years: YEARS, monthlyPractices: 0, months: 36 }));
  let sims: Simulation[] = make();
  await h.baseline('simulate the Englands', practices * seeds.length, () => {
    sims = make();
    return sims.length;
  });

  const pooled = {
    null: empty(),
    planted: empty(),
    fifths: Object.fromEntries(STRATA.map((s) => [s, [1, 2, 3, 4, 5].map(empty)])) as Record<
      Stratum,
      Rates[]
    >,
  };
  await h.task('judge every practice × indicator × year (headline)', practices * seeds.length, () => {
    for (const sim of sims) {
      const judged = pureHeadlines(
        sim,
        simulationIndicators(sim).filter((i) => i.periodType === 'financial_year'),
      );
      const rows = [...judged].map(([key, j]) => {
        const [code, period, practice] = key.split('|') as [string, string, string];
        const flags: [boolean, boolean] = [
          j.flag !== 'none',
          j.flag === 'high_99_8' || j.flag === 'low_99_8',
        ];
        return { code, period, practice, flags: { headline: flags } };
      });
      const table = tabulate(sim, rows, ['headline']).methods[0]!;
      addInto(pooled.null, table.null);
      addInto(pooled.planted, table.planted);
      for (const s of STRATA)
        table.fifths[s].forEach((r, i) => {
          addInto(pooled.fifths[s][i]!, r);
        });
    }
    return pooled.null.n;
  });

  const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(3)}%`;
  console.log('');
  console.log(
    `nothing planted: ${pooled.null.n.toLocaleString('en-GB')} practice × indicator × years; flagged ${pct(pooled.null.flagged95, pooled.null.n)} at 95%, ${pct(pooled.null.flagged998, pooled.null.n)} at 99.8%`,
  );
  console.log(
    `planted: ${pooled.planted.n.toLocaleString('en-GB')}; caught ${pct(pooled.planted.flagged95, pooled.planted.n)} at 95%, ${pct(pooled.planted.flagged998, pooled.planted.n)} at 99.8%`,
  );
  console.log('');
  console.log('fifth (1 = smallest, least deprived, youngest) — flags at 99.8% (rate) | at 95% (rate)');
  for (const s of STRATA) {
    const cells = pooled.fifths[s].map(
      (r, i) =>
        `${i + 1}: ${r.flagged998} (${pct(r.flagged998, r.n)}) | ${r.flagged95} (${pct(r.flagged95, r.n)})`,
    );
    console.log(`  ${s.padEnd(11)} ${cells.join('; ')}`);
  }
  console.log('');
  console.log('The issue\u2019s bounds on the headline judgment, pooled:');
  const within = STRATA.every((s) =>
    pooled.fifths[s].every((r) => r.flagged95 / r.n <= 0.07 && r.flagged998 / r.n <= 0.005),
  );
  console.log(`  every fifth ≤ 7% at 95% and ≤ 0.5% at 99.8%: ${within ? 'met' : 'NOT met'}`);
  for (const s of STRATA) {
    const r95 = fifthRatio(pooled.fifths[s], '95');
    const r998 = fifthRatio(pooled.fifths[s], '998');
    console.log(
      `  ${s}: largest ratio between fifths ${r95.toFixed(2)} at 95%, ${r998.toFixed(2)} at 99.8% (≤ 1.5: ${r95 <= 1.5 && r998 <= 1.5 ? 'met' : 'NOT met'}); χ² p of equal rates ${homogeneity(pooled.fifths[s], '95').toPrecision(2)} | ${homogeneity(pooled.fifths[s], '998').toPrecision(2)}`,
    );
  }
}
