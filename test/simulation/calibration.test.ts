// The calibration bounds on a fixed seed (issue 12). A SYNTHETIC England of 2,000 practices ×
// 3 QOF years (5 registers and an achievement-type indicator) and a monthly indicator of 36 months,
// judged by the same code recompute runs (pure.ts; release-path.test.ts shows the stored release is
// identical). With nothing planted the headline judgment must flag ≤ 7% at 95% and ≤ 0.5% at 99.8% in
// every fifth of practice size, deprivation and list age structure, with no fifth flagged more than
// 1.5× as often as another at 95%; ≤ 10% of seasonal series with nothing planted may raise a headline
// SPC signal, ≥ 90% of planted steps, trends and one-month spikes must.
//
// At 99.8% the fifths hold ~25 flags each here, too few for a ratio of 1.5 to be told from chance; the
// test checks instead that the fifths' 99.8% rates do not differ more than chance allows (a χ² test of
// homogeneity), and `npm run bench -- calibration` prints the ratios at full size.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { simulateEngland } from './england.ts';
import { pureHeadlines, pureSpc, simulationIndicators } from './pure.ts';
import {
  fifthRatio,
  homogeneity,
  type MethodTable,
  type Rates,
  STRATA,
  spcTable,
  tabulate,
} from './study.ts';

const sim = simulateEngland({
  seed: 2024,
  practices: 2000,
  years: ['2021-22', '2022-23', '2023-24'],
  monthlyPractices: 2000,
  months: 36,
});

const pct = (r: Rates, level: '95' | '998') =>
  `${(((level === '95' ? r.flagged95 : r.flagged998) / r.n) * 100).toFixed(2)}% of ${r.n}`;

describe('Calibration of the headline judgment on a SYNTHETIC England (seed 2024)', () => {
  let headline: MethodTable;
  before(() => {
    const annual = simulationIndicators(sim).filter((i) => i.periodType === 'financial_year');
    const judged = pureHeadlines(sim, annual);
    const rows = [...judged].map(([key, h]) => {
      const [code, period, practice] = key.split('|') as [string, string, string];
      return {
        code,
        period,
        practice,
        flags: {
          headline: [h.flag !== 'none', h.flag === 'high_99_8' || h.flag === 'low_99_8'] as [
            boolean,
            boolean,
          ],
        },
      };
    });
    headline = tabulate(sim, rows, ['headline']).methods[0]!;
  });

  it('flags ≤ 7% at 95% and ≤ 0.5% at 99.8% with nothing planted, overall and in every fifth and kind of list', () => {
    assert.ok(headline.null.n > 34_000);
    const groups: [string, Rates][] = [
      ['overall', headline.null],
      ...STRATA.flatMap((s) => headline.fifths[s].map((r, i): [string, Rates] => [`${s} fifth ${i + 1}`, r])),
      ...Object.entries(headline.kinds).map(([k, r]): [string, Rates] => [`${k} lists`, r]),
    ];
    for (const [name, r] of groups) {
      assert.ok(r.flagged95 / r.n <= 0.07, `${name}: ${pct(r, '95')} at 95%`);
      assert.ok(r.flagged998 / r.n <= 0.005, `${name}: ${pct(r, '998')} at 99.8%`);
    }
    // And not by flagging nothing: close to the nominal rates.
    assert.ok(headline.null.flagged95 / headline.null.n >= 0.03, pct(headline.null, '95'));
    assert.ok(headline.null.flagged998 / headline.null.n >= 0.0005, pct(headline.null, '998'));
  });

  it('flags no fifth of size, deprivation or age structure more than 1.5 times as often as another at 95%', () => {
    for (const s of STRATA) {
      const ratio = fifthRatio(headline.fifths[s], '95');
      assert.ok(
        ratio <= 1.5,
        `${s}: ratio ${ratio.toFixed(2)} (${headline.fifths[s].map((r) => pct(r, '95')).join('; ')})`,
      );
    }
  });

  it('shows no difference between the fifths at 99.8% beyond chance', () => {
    for (const s of STRATA) {
      const p = homogeneity(headline.fifths[s], '998');
      assert.ok(p > 0.001, `${s}: p = ${p} (${headline.fifths[s].map((r) => pct(r, '998')).join('; ')})`);
    }
  });

  it('catches most planted under- and over-recording practices', () => {
    assert.ok(headline.planted.flagged95 / headline.planted.n >= 0.7, pct(headline.planted, '95'));
    assert.ok(headline.planted.flagged998 / headline.planted.n >= 0.4, pct(headline.planted, '998'));
  });

  it('raises a headline SPC signal on ≤ 10% of seasonal series with nothing planted and ≥ 90% of planted steps, trends and spikes', () => {
    const charts = pureSpc(sim);
    const signalled = new Set([...charts].filter(([, c]) => c?.signal).map(([p]) => p));
    const table = spcTable(sim, 'headline', charts.keys(), signalled);
    const share = (k: keyof typeof table.byPlant) => table.byPlant[k].signalled / table.byPlant[k].n;
    assert.ok(table.byPlant.none.n > 1700);
    assert.ok(share('none') <= 0.1, `nothing planted: ${share('none')}`);
    for (const k of ['step', 'trend', 'spike'] as const) {
      assert.ok(table.byPlant[k].n >= 55, `${k}: ${table.byPlant[k].n} series`);
      assert.ok(share(k) >= 0.9, `${k}: ${table.byPlant[k].signalled} of ${table.byPlant[k].n}`);
    }
  });
});
