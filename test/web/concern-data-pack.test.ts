// A concern's frozen data pack drawn as charts (src/web/pages/concerns/data-pack-charts.ts): the funnel
// is redrawn from the frozen points with the indicator page's own function, and the SPC chart from the
// frozen SPC points; nothing is read from the release tables.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { funnelChart } from '../../src/app/benchmarking/queries.ts';
import type { JsonValue } from '../../src/store/schema.ts';
import { dataPackCharts, frozenFunnel } from '../../src/web/pages/concerns/data-pack-charts.ts';

function pack(): JsonValue {
  const points: JsonValue[] = [];
  for (let i = 0; i < 30; i++) {
    const d = 800 + i * 137;
    const n = Math.round(d * (0.02 + (i % 7) * 0.001)) + (i === 3 ? 40 : 0);
    points.push([`A8${1000 + i}`, n, d, (n / d) * 100, 'none']);
  }
  const rows = points.map((p) => {
    const [code, n, d] = p as [string, number, number];
    return { area_code: code, numerator: n, denominator: d };
  });
  const fit = funnelChart({ type: 'proportion', multiplier: 100 }, rows)!;
  return {
    indicator: {
      id: 1,
      code: 'QOF-PREV-AF',
      version: 1,
      name: 'Atrial fibrillation',
      polarity: 'no_judgement',
      multiplier: 100,
    },
    practiceCode: 'A81003',
    period: '2024-25',
    results: [],
    funnel: {
      fits: [
        {
          level: 'country',
          parent_code: 'E92000001',
          basis: 'crude',
          target: fit.target,
          phi: fit.phi,
          tau2: fit.tau2,
          adjusted: fit.adjusted,
          n: 30,
        },
      ],
      points,
    },
    spc: {
      points: ['2019-20', '2020-21', '2021-22', '2022-23', '2023-24', '2024-25'].map((period, i) => ({
        period,
        value: 2 + i * 0.1,
        mean: 2.25,
        lower_limit: 1.9,
        upper_limit: 2.6,
        point_type: i === 5 ? 'special_cause_neutral_high' : 'common_cause',
      })),
      summary: null,
    },
  };
}

describe('a concern’s frozen data pack as charts', () => {
  it('redraws the frozen funnel with the indicator page’s function (same target as the frozen fit)', () => {
    const p = pack();
    const frozen = frozenFunnel(p)!;
    assert.equal(frozen.kind, 'proportion');
    const fits = ((p as Record<string, JsonValue>).funnel as Record<string, JsonValue>).fits as Record<
      string,
      JsonValue
    >[];
    assert.equal(frozen.chart.target, fits[0]!.target);
    assert.equal(frozen.chart.points.length, 30);
    assert.ok(
      frozen.chart.points.some((pt) => pt.practiceCode === 'A81003' && pt.flag !== 'none'),
      'the planted outlier is flagged',
    );
  });

  it('draws the funnel with the practice highlighted and the SPC chart, each with a title and description', () => {
    const svg = String(dataPackCharts(pack(), 'Test Surgery'));
    assert.match(svg, /<svg class="fairview-chart"[^>]*aria-labelledby="pack-funnel-t pack-funnel-d"/);
    assert.match(svg, /Test Surgery \(A81003\)<\/text>/);
    assert.match(svg, /Test Surgery is highlighted at/);
    assert.match(svg, /<svg class="fairview-chart"[^>]*aria-labelledby="pack-spc-t pack-spc-d"/);
    assert.match(svg, />N<\/text>/, 'the special-cause point is lettered');
  });

  it('draws nothing from an empty pack', () => {
    assert.equal(String(dataPackCharts(null, 'X')).trim(), '');
  });
});
