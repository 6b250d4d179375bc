// The headline SPC signal (src/domain/judgment/seasonal-spc.ts): a monthly series deseasonalised
// against England's same month, limits fixed on the points before the recent ones, a special cause in
// the last 3 points. A July dip that England shares is no signal (the exact NHSRplotthedots chart
// calls it one); a step in the recent months is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adjustToEngland, headlineSpc, type SeasonalSeriesPoint } from '../../src/domain/judgment/index.ts';
import { spc } from '../../src/stats/index.ts';
import { gaussian, seededRandom } from '../simulation/random.ts';

const SEASON = [1.05, 1.02, 1, 0.98, 0.97, 0.95, 0.7, 0.85, 1, 1.02, 1.04, 1.12];

/** 36 months from April 2021; `shift(t)` is added to the practice's value in month t. */
function series(seed: number, shift: (t: number) => number = () => 0): SeasonalSeriesPoint[] {
  const random = seededRandom(seed);
  return Array.from({ length: 36 }, (_, t) => {
    const index = 2021 * 12 + 3 + t;
    const month = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    const season = SEASON[index % 12]!;
    return {
      period: month,
      date: `${month}-28`,
      value: 5 * season * (1 + 0.03 * gaussian(random)) + shift(t),
      england: 5.2 * season,
    };
  });
}

describe('the headline SPC signal', () => {
  it("adjusts each value to England's average month: value × Ē ÷ E_t", () => {
    const points: SeasonalSeriesPoint[] = [
      { period: '2024-01', date: '2024-01-31', value: 6, england: 6 },
      { period: '2024-02', date: '2024-02-29', value: 4, england: 4 },
    ];
    assert.deepEqual(adjustToEngland(points), { values: [5, 5], adjustment: 'england_same_period' });
    assert.deepEqual(adjustToEngland([{ ...points[0]!, england: null }, points[1]!]), {
      values: [6, 4],
      adjustment: 'none',
    });
  });

  it('is no signal for a practice that follows the season, though the exact chart sees special causes', () => {
    let exactSignals = 0;
    let headlineSignals = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const s = series(seed);
      const exact = spc(s.map((p) => ({ value: p.value, date: p.date })));
      if (exact.points.some((p) => p.special_cause_flag)) exactSignals++;
      if (headlineSpc(s, 'decrease')!.signal) headlineSignals++;
    }
    assert.ok(exactSignals >= 35, `exact chart: ${exactSignals} of 40`);
    assert.ok(headlineSignals <= 6, `headline: ${headlineSignals} of 40`);
  });

  it('signals a step in the recent months, naming the rule and the period', () => {
    const s = series(3, (t) => (t >= 30 ? 1.5 : 0));
    const h = headlineSpc(s, 'decrease')!;
    assert.equal(h.adjustment, 'england_same_period');
    assert.equal(h.baseline, 30, 'the limits are fixed on the points before the last 6');
    assert.ok(h.signal, 'a signal');
    assert.equal(h.signal.period, '2024-03');
    assert.equal(h.signal.pointType, 'special_cause_concern');
    assert.match(h.signal.rule, /Above UCL|2 in 3 Above CL|Points Above CL/);
  });

  it('looks only at the last 3 points: an old spike stays on the detail chart', () => {
    const h = headlineSpc(
      series(4, (t) => (t === 10 ? 4 : 0)),
      'decrease',
    )!;
    assert.equal(h.signal, null);
    assert.ok(h.points.some((p) => p.special_cause_type === 'Above UCL'));
  });

  it('needs 15 points; shorter series use all but the last 3 as the baseline', () => {
    assert.equal(headlineSpc(series(5).slice(0, 14), 'increase'), null);
    assert.equal(headlineSpc(series(5).slice(0, 16), 'increase')!.baseline, 13);
  });
});
