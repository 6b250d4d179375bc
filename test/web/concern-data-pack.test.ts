// A concern's frozen data pack drawn as charts (src/web/pages/concerns/data-pack-charts.ts): the funnel
// is redrawn from the frozen points with the indicator page's own function, and the SPC chart from the
// frozen SPC points; nothing is read from the release tables.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { funnelChart } from '../../src/app/benchmarking/funnel-chart.ts';
import { DEFAULT_DISCLOSURE_RULE, hierarchyPattern } from '../../src/domain/disclosure/index.ts';
import type { JsonValue } from '../../src/store/schema.ts';
import { pointControlOf } from '../../src/web/benchmarking/viewer-control.ts';
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

// Issue 11 (the attacker): the pack holds every practice's exact counts, and a dot's place on the funnel
// is its value and denominator. Drawn for a viewer who may see only her own practice in full, the
// funnel must give back no more than the published counts: two packs whose exact counts differ but
// publish the same must draw byte for byte the same chart.
describe('a concern’s frozen funnel, drawn for a viewer who may not see every practice in full', () => {
  const OWN = 'A81003';
  /** A pack of 30 practices, some with small counts, its England fit made from its own exact counts. */
  function packOf(points: [string, number, number][]): JsonValue {
    const base = pack() as Record<string, JsonValue>;
    const rows = points.map(([code, n, d]) => ({ area_code: code, numerator: n, denominator: d }));
    const fit = funnelChart({ type: 'proportion', multiplier: 100 }, rows)!;
    const funnel = base.funnel as Record<string, JsonValue>;
    const fits = (funnel.fits as Record<string, JsonValue>[]).map((f) => ({ ...f, target: fit.target }));
    return {
      ...base,
      funnel: { ...funnel, fits, points: points.map(([c, n, d]) => [c, n, d, (n / d) * 100, 'none']) },
    };
  }
  const exact: [string, number, number][] = Array.from({ length: 30 }, (_, i) => {
    const d = 40 + i * 53;
    const n = i % 5 === 0 ? 1 + (i % 7) : Math.round(d * (0.03 + (i % 4) * 0.004)) + (i === 3 ? 25 : 0);
    return [i === 3 ? OWN : `A8${1000 + i}`, n, d];
  });
  const members = exact.map(([code, numerator, denominator]) => ({
    code,
    numerator,
    denominator,
    areas: ['E92000001'],
  }));
  const disclosure = {
    rule: DEFAULT_DISCLOSURE_RULE,
    pattern: hierarchyPattern(DEFAULT_DISCLOSURE_RULE, members),
    open: new Set([OWN]),
  };
  const control = pointControlOf(disclosure);
  /** Another England whose exact counts differ but publish the same (same rounding, same cells hidden). */
  const twin: [string, number, number][] = exact.map(([code, n, d]) => {
    if (code === OWN) return [code, n, d];
    const shown = control(code, n, d);
    if (!shown) return [code, n === 1 ? 2 : n - 1, d + 1];
    const nudge = (x: number, to: number) => (x + 1 !== to + 3 && Math.abs(x + 1 - to) <= 2 ? x + 1 : x - 1);
    const n2 = nudge(n, shown.numerator);
    const d2 = nudge(d, shown.denominator);
    return control(code, n2, d2)?.numerator === shown.numerator &&
      control(code, n2, d2)?.denominator === shown.denominator
      ? [code, n2, d2]
      : [code, n, d];
  });

  it('the twin England really differs, and drawn in full the two charts differ (the attack would work)', () => {
    assert.ok(twin.filter((t, i) => t[1] !== exact[i]![1] || t[2] !== exact[i]![2]).length >= 20);
    assert.notEqual(
      String(dataPackCharts(packOf(exact), 'Own')),
      String(dataPackCharts(packOf(twin), 'Own')),
    );
  });

  it('drawn under control the two charts are the same, byte for byte', () => {
    assert.equal(
      String(dataPackCharts(packOf(exact), 'Own', control)),
      String(dataPackCharts(packOf(twin), 'Own', control)),
    );
  });

  it('leaves out the practices whose counts are suppressed, and says so; keeps the viewer’s own practice', () => {
    const svg = String(dataPackCharts(packOf(exact), 'Own', control));
    const frozen = frozenFunnel(packOf(exact), control)!;
    assert.ok(frozen.leftOut >= 6, `${frozen.leftOut} left out`);
    assert.match(
      svg,
      new RegExp(`${frozen.leftOut} more are left out: their figures are not published to you`),
    );
    assert.match(svg, /Own \(A81003\)<\/text>/);
  });
});
