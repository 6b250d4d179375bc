import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  type CaseMixComparison,
  caseMixComparison,
  describeModel,
  expectedCount,
  fitCaseMixModel,
  whyFlagged,
} from '../../src/domain/casemix/index.ts';
import { type BenchmarkComparison, compareWithBenchmark, proportion } from '../../src/stats/index.ts';
import { type SyntheticPractice, syntheticPopulation, TRUE_MODEL } from './casemix-synthetic-population.ts';

/** The crude comparison with England the scorecard makes: Wilson CI of the practice vs England's value. */
function crudeVsEngland(
  practices: readonly SyntheticPractice[],
): { c95: BenchmarkComparison; c998: BenchmarkComparison }[] {
  const observed = practices.reduce((s, p) => s + p.unit.observed!, 0);
  const denominator = practices.reduce((s, p) => s + p.unit.denominator!, 0);
  const england = observed / denominator;
  return practices.map((p) => {
    const r = proportion(p.unit.observed, p.unit.denominator);
    const at = (k: number) =>
      compareWithBenchmark({
        value: r.value,
        lower: r.limits[k]!.lower,
        upper: r.limits[k]!.upper,
        benchmark: england,
        polarity: 'lower_is_better',
      });
    return { c95: at(0), c998: at(1) };
  });
}

const isHigh998 = (flag: string | null) => flag === 'high_99_8';
const at998 = (flag: string | null) => flag === 'high_99_8' || flag === 'low_99_8';

describe('Case-mix adjustment on a synthetic England with planted effects', () => {
  let practices: SyntheticPractice[];
  let result: CaseMixComparison;
  let crude: { c95: BenchmarkComparison; c998: BenchmarkComparison }[];
  const of = (kind: SyntheticPractice['kind']) =>
    practices.flatMap((p, i) =>
      p.kind === kind ? [{ practice: p, adjusted: result.units[i]!, crude: crude[i]! }] : [],
    );

  before(() => {
    practices = syntheticPopulation();
    result = caseMixComparison(practices.map((p) => p.unit));
    crude = crudeVsEngland(practices);
  });

  it('plants 25 truly worse and 25 only-more-deprived practices among 1,000', () => {
    assert.equal(practices.length, 1000);
    assert.equal(of('truly_worse').length, 25);
    assert.equal(of('only_more_deprived').length, 25);
    assert.equal(result.method, 'binomial_glm');
    assert.equal(result.notAdjustedReason, null);
  });

  it('recovers the true coefficients within 3 (quasi-binomial) standard errors', () => {
    const model = result.model!;
    assert.equal(model.converged, true);
    assert.equal(model.unitsFitted, 1000);
    for (const term of model.terms) {
      const truth =
        term.kind === 'intercept'
          ? TRUE_MODEL.intercept
          : term.kind === 'imd'
            ? TRUE_MODEL.imd
            : TRUE_MODEL.bands[`${term.band!.sex} ${term.band!.age}`]!;
      const error = Math.abs(term.coefficient! - truth);
      assert.ok(
        error < 3 * term.quasiStandardError!,
        `${term.name}: ${term.coefficient} vs true ${truth} (SE ${term.quasiStandardError})`,
      );
    }
    // The deprivation effect is the one the comparison hinges on: within 5% of the truth.
    const imd = model.terms.find((t) => t.kind === 'imd')!.coefficient!;
    assert.ok(Math.abs(imd / TRUE_MODEL.imd - 1) < 0.05, `IMD coefficient ${imd}`);
  });

  it('expects as many events in total as were observed (a property of the logit link with an intercept)', () => {
    const observed = result.units.reduce((s, u) => s + u.observed!, 0);
    const expected = result.units.reduce((s, u) => s + u.expected!, 0);
    assert.ok(Math.abs(expected / observed - 1) < 1e-6, `${expected} vs ${observed}`);
  });

  it('flags every truly worse practice above its adjusted 99.8% limit', () => {
    const worse = of('truly_worse');
    assert.deepEqual(
      worse.filter((w) => !isHigh998(w.adjusted.flag)).map((w) => w.practice.unit.code),
      [],
    );
    for (const w of worse) assert.ok(w.adjusted.ratio! > 1.15 && w.adjusted.z! > 3.09);
  });

  it('flags the only-more-deprived practices in the crude comparison but not in the adjusted one', () => {
    const deprived = of('only_more_deprived');
    assert.ok(
      deprived.every((d) => d.crude.c998 === 'worse'),
      'all worse than England at 99.8% (crude)',
    );
    assert.deepEqual(
      deprived.filter((d) => at998(d.adjusted.flag)).map((d) => d.practice.unit.code),
      [],
      'none outside the adjusted 99.8% limits',
    );
    // At 95% about 1 in 20 is outside by chance alone; allow a little more than that, not a pattern.
    const at95 = deprived.filter((d) => d.adjusted.flag !== 'none').length;
    assert.ok(at95 <= 3, `${at95} outside the 95% limits`);
    for (const d of deprived) assert.ok(Math.abs(d.adjusted.ratio! - 1) < 0.1);
  });

  it('rarely flags ordinary practices at 99.8% once case mix is allowed for', () => {
    const ordinary = of('ordinary');
    const flagged = ordinary.filter((o) => at998(o.adjusted.flag)).length;
    // Binomial chance plus a little unexplained practice variation: a few per cent at most.
    assert.ok(flagged / ordinary.length < 0.03, `${flagged} of ${ordinary.length}`);
  });

  it('explains a deprived practice in words a committee can read', () => {
    const d = of('only_more_deprived').find((x) => x.adjusted.flag === 'none')!;
    const why = whyFlagged({
      england95: d.crude.c95,
      england99_8: d.crude.c998,
      polarity: 'lower_is_better',
      adjustedFlag: d.adjusted.flag,
    });
    assert.equal(
      why.sentence,
      'Higher than England at 99.8%, but within the range expected for practices with its age and deprivation profile.',
    );
    assert.equal(why.basisSentence, 'The flag uses the case-mix adjusted comparison: not flagged.');
  });

  it('gives each practice limits, a confidence interval and the funnel summary', () => {
    const u = result.units[0]!;
    assert.ok(u.limits !== null && u.limits.lower99_8! < 1 && u.limits.upper99_8! > 1);
    assert.ok(u.confidence!.lower95! < u.ratio! && u.ratio! < u.confidence!.upper95!);
    assert.equal(result.funnel!.n, 1000);
    assert.ok(result.funnel!.phi !== null);
    // The flag's limits are the adjusted set exactly when the funnel says it drew them.
    assert.deepEqual(u.limits, result.funnel!.adjusted ? u.adjustedLimits : u.unadjustedLimits);
  });

  it('reuses a national model for a subset (e.g. one ICB) without refitting', () => {
    const model = fitCaseMixModel(practices.map((p) => p.unit));
    const subset = practices.slice(0, 60).map((p) => p.unit);
    const local = caseMixComparison(subset, { model });
    assert.equal(local.model, model);
    local.units.forEach((u, i) => {
      assert.equal(u.expected, expectedCount(model, subset[i]!));
    });
    assert.match(describeModel(model), /fitted on 1,000 practices/);
  });
});

describe('Case-mix adjustment when data are missing', () => {
  const units = syntheticPopulation(200, 0, 0, 7).map((p) => p.unit);

  it('leaves out practices without an IMD score or population and says why', () => {
    const withGaps = units.map((u, i) =>
      i === 3
        ? { ...u, imdScore: null }
        : i === 5
          ? { ...u, population: [] }
          : i === 8
            ? { ...u, observed: null }
            : u,
    );
    const result = caseMixComparison(withGaps);
    assert.equal(result.units[3]!.reason, 'no IMD score');
    assert.equal(result.units[5]!.reason, 'no registered population');
    assert.equal(result.units[8]!.reason, 'no observed count');
    for (const i of [3, 5, 8]) {
      assert.equal(result.units[i]!.flag, null);
      assert.equal(result.units[i]!.ratio, null);
    }
    assert.deepEqual(
      result.model!.excluded.map((e) => e.code),
      [units[3]!.code, units[5]!.code, units[8]!.code],
    );
    assert.equal(result.funnel!.n, 197);
  });

  it('does not adjust anyone when there are no events at all, and says so', () => {
    const result = caseMixComparison(units.map((u) => ({ ...u, observed: 0 })));
    assert.equal(result.model, null);
    assert.match(result.notAdjustedReason!, /no events/);
    assert.ok(result.units.every((u) => u.flag === null && u.reason !== null));
  });

  it('does not adjust anyone when too few practices have the data the model needs', () => {
    const result = caseMixComparison(units.slice(0, 5));
    assert.match(result.notAdjustedReason!, /at least 12 are required/);
  });

  it('gives O/E 0 (flag low, z null) for a practice with no events', () => {
    const result = caseMixComparison(units.map((u, i) => (i === 0 ? { ...u, observed: 0 } : u)));
    assert.equal(result.units[0]!.ratio, 0);
    assert.equal(result.units[0]!.z, null);
    assert.equal(result.units[0]!.flag, 'low_99_8');
  });

  it('rejects two units with the same code', () => {
    assert.throws(() => caseMixComparison([units[0]!, units[0]!]), /appears twice/);
  });
});
