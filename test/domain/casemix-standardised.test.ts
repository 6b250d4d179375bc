// The headline judgment's case-mix model (src/domain/casemix/standardised-model.ts): age-sex
// standardisation on the registration file's own bands, then deprivation and rurality. It recovers a
// known truth written in its own form, keeps England's total, works on the older file's coarser bands,
// reaches the same optimum from a warm start, and fits unusual lists (students, young families) better
// than the five broad bands of the binomial GLM — the misfit behind their extra flags.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PopulationCount } from '../../src/domain/casemix/age-bands.ts';
import { caseMixComparison } from '../../src/domain/casemix/index.ts';
import {
  standardisedExpected,
  standardisedExpectedMany,
} from '../../src/domain/casemix/standardised-expected.ts';
import {
  AGE_KNOTS,
  bandMidpoint,
  fitStandardisedModel,
  type StandardisedUnit,
} from '../../src/domain/casemix/standardised-model.ts';
import { expit, logit } from '../../src/domain/judgment/special-functions.ts';
import { BANDS, REGISTERS, simulateEngland } from '../simulation/england.ts';
import { binomial, gaussian, seededRandom } from '../simulation/random.ts';

describe('band midpoints', () => {
  const table: [band: string, midpoint: number | null][] = [
    ['0-4', 2.5],
    ['5-14', 10],
    ['90-94', 92.5],
    ['95+', 97.5],
    ['75+', 82.5],
    ['85+', 89.5],
    ['ALL', null],
    ['10-5', null],
  ];
  for (const [band, midpoint] of table)
    it(`${band} → ${midpoint}`, () => assert.equal(bandMidpoint(band), midpoint));
});

/** Men's log-rate curve, linear between the knots, and women's offset, linear in age (the model's form). */
const TRUE_MALE = [-9, -8.5, -8, -7, -6, -5, -4, -3, -2.2, -1.7, -1.5];
const TRUE_FEMALE_OFFSET = [-0.3, -0.1] as const;
const TRUE_CURVE = {
  male: TRUE_MALE,
  female: TRUE_MALE.map(
    (c, k) =>
      c + (1 - AGE_KNOTS[k]! / 100) * TRUE_FEMALE_OFFSET[0] + (AGE_KNOTS[k]! / 100) * TRUE_FEMALE_OFFSET[1],
  ),
};
const TRUE_IMD = 0.2; // per SD of IMD
const TRUE_RURAL = -0.15;

function curveAt(sex: 'male' | 'female', age: number): number {
  const knots = TRUE_CURVE[sex];
  let k = 0;
  while (k < AGE_KNOTS.length - 2 && age >= AGE_KNOTS[k + 1]!) k++;
  const u = Math.min(1, (age - AGE_KNOTS[k]!) / (AGE_KNOTS[k + 1]! - AGE_KNOTS[k]!));
  return (1 - u) * knots[k]! + u * knots[k + 1]!;
}

/** Practices with varied pyramids; observed counts drawn from the true model (no practice effect). */
function truthPractices(n: number, seed: number, bands = BANDS.map((b) => b.label)): StandardisedUnit[] {
  const random = seededRandom(seed);
  const imds = Array.from({ length: n }, () => 5 + 50 * random());
  const mean = imds.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(imds.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return imds.map((imd, i) => {
    const tilt = gaussian(random);
    const population: PopulationCount[] = bands.flatMap((band) => {
      const mid = bandMidpoint(band)!;
      const weight = Math.exp((0.5 * tilt * (mid - 40)) / 40 + 0.2 * gaussian(random));
      return (['female', 'male'] as const).map((sex) => ({
        sex,
        ageBand: band,
        patients: Math.round(400 * weight * (0.8 + 0.4 * random())),
      }));
    });
    const total = population.reduce((s, p) => s + p.patients, 0);
    const rate = population.reduce(
      (s, p) => s + (p.patients / total) * Math.exp(curveAt(p.sex, bandMidpoint(p.ageBand)!)),
      0,
    );
    const rural = random() < 0.2;
    const p = expit(Math.log(rate) + TRUE_IMD * ((imd - mean) / sd) + (rural ? TRUE_RURAL : 0));
    return {
      code: `P${String(i).padStart(5, '0')}`,
      observed: binomial(random, total, p),
      denominator: total,
      population,
      imdScore: imd,
      rural,
    };
  });
}

describe('the standardised case-mix model', () => {
  it('recovers a truth written in its own form: the age curve, the sex offset, deprivation and rurality', () => {
    const units = truthPractices(3000, 1);
    const model = fitStandardisedModel(units, { link: 'logit' });
    assert.equal(model.converged, true);
    assert.ok(Math.abs(model.imd - TRUE_IMD) < 0.02, `IMD ${model.imd}`);
    assert.ok(Math.abs(model.imdSquared) < 0.02, `IMD² ${model.imdSquared}`);
    assert.ok(Math.abs(model.rural! - TRUE_RURAL) < 0.05, `rural ${model.rural}`);
    // Knots from 60 to 90 carry most of the events: the curve there is recovered closely (men's and
    // women's shares vary together between practices, so the sex offset is known less well).
    for (const [sex, tolerance] of [
      ['male', 0.15],
      ['female', 0.25],
    ] as const) {
      for (let k = 6; k <= 9; k++) {
        const got = model.ageCurve[sex][k]!;
        assert.ok(Math.abs(got - TRUE_CURVE[sex][k]!) < tolerance, `${sex} knot ${AGE_KNOTS[k]}: ${got}`);
      }
    }
  });

  it("keeps England's total: the expected counts add up to the observed ones", () => {
    const units = truthPractices(800, 2);
    for (const link of ['logit', 'log'] as const) {
      const model = fitStandardisedModel(units, { link });
      const observed = units.reduce((s, u) => s + u.observed!, 0);
      const expected = units.reduce((s, u) => s + standardisedExpected(model, u)!, 0);
      assert.ok(Math.abs(expected / observed - 1) < 1e-4, `${link}: ${expected} vs ${observed}`);
    }
  });

  it("works on the older file's coarser bands (0-4, 5-14 … 75+)", () => {
    const legacy = ['0-4', '5-14', '15-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75+'];
    const units = truthPractices(1500, 3, legacy);
    const model = fitStandardisedModel(units, { link: 'logit' });
    assert.equal(model.converged, true);
    assert.ok(Math.abs(model.imd - TRUE_IMD) < 0.03, `IMD ${model.imd}`);
    for (const u of units.slice(0, 20)) assert.ok(standardisedExpected(model, u)! > 0);
  });

  it('reaches an optimum at least as good, sooner, from the previous period’s model', () => {
    const a = truthPractices(1200, 4);
    const b = truthPractices(1200, 5);
    const first = fitStandardisedModel(a, { link: 'logit' });
    const cold = fitStandardisedModel(b, { link: 'logit' });
    const warm = fitStandardisedModel(b, { link: 'logit', start: first });
    assert.ok(warm.converged && cold.converged);
    assert.ok(warm.iterations < cold.iterations, `${warm.iterations} vs ${cold.iterations}`);
    // The band term makes the likelihood not quite convex: the two starts may settle a hair apart.
    assert.ok(warm.deviance <= cold.deviance * (1 + 1e-6), `${warm.deviance} vs ${cold.deviance}`);
    for (const u of b.slice(0, 50))
      assert.ok(Math.abs(standardisedExpected(warm, u)! / standardisedExpected(cold, u)! - 1) < 1e-2);
  });

  it('gives, for many units at once, exactly the expected count of each unit alone (nulls where it has none)', () => {
    const units = truthPractices(300, 4);
    for (const link of ['logit', 'log'] as const) {
      const model = fitStandardisedModel(units, { link });
      const mixed = [
        ...units,
        { ...units[0]!, imdScore: null },
        { ...units[1]!, population: [] },
        { ...units[2]!, denominator: 0 },
      ];
      const many = standardisedExpectedMany(model, mixed);
      assert.deepEqual(
        many,
        mixed.map((u) => standardisedExpected(model, u)),
      );
      assert.deepEqual(many.slice(-3), [null, null, null]);
    }
  });

  it('leaves out practices without a population or an IMD score, and refuses fewer than 30', () => {
    const units = truthPractices(40, 6);
    const model = fitStandardisedModel(
      [...units, { ...units[0]!, code: 'X1', imdScore: null }, { ...units[1]!, code: 'X2', population: [] }],
      { link: 'logit' },
    );
    assert.deepEqual(
      model.excluded.map((e) => [e.code, e.reason]),
      [
        ['X1', 'no IMD score'],
        ['X2', 'no registered population'],
      ],
    );
    assert.equal(standardisedExpected(model, { ...units[0]!, imdScore: null }), null);
    assert.throws(() => fitStandardisedModel(units.slice(0, 29), { link: 'logit' }), /at least 30/);
  });

  it('fits student and family lists better than the five broad bands of the binomial GLM', () => {
    // The SYNTHETIC England's atrial fibrillation register, with the true expected count (no practice
    // effect) worked out band by band as the generator does.
    const sim = simulateEngland({
      seed: 11,
      practices: 1500,
      years: ['2023-24'],
      monthlyPractices: 0,
      plantedShare: 0,
    });
    const af = REGISTERS.find((r) => r.group === 'AF')!;
    const units: StandardisedUnit[] = [];
    const truth = new Map<string, number>();
    for (const p of sim.practices) {
      const pop = p.population[0]!;
      const rows: PopulationCount[] = BANDS.flatMap((b, k) => [
        { sex: 'female' as const, ageBand: b.label, patients: pop.female[k]! },
        { sex: 'male' as const, ageBand: b.label, patients: pop.male[k]! },
      ]);
      let expected = 0;
      BANDS.forEach((b, k) => {
        for (const male of [true, false]) {
          const r = af.rate(b.mid, male);
          const dep = af.imd * ((p.imd - 22) / 10);
          expected +=
            (male ? pop.male[k]! : pop.female[k]!) * expit(logit(r) + dep + (p.rural ? af.rural : 0));
        }
      });
      truth.set(p.code, expected);
      const register = sim.registers.find((r) => r.practice === p.code && r.group === 'AF')!;
      units.push({
        code: p.code,
        observed: register.register,
        denominator: register.list,
        population: rows,
        imdScore: p.imd,
        rural: p.rural,
      });
    }
    const model = fitStandardisedModel(units, { link: 'logit' });
    const glm = caseMixComparison(units.map(({ rural: _, ...u }) => u));
    const glmExpected = new Map(glm.units.map((u) => [u.code, u.expected]));
    const error = (kind: string, expectedOf: (u: StandardisedUnit) => number) => {
      const errors = units
        .filter((u) => sim.practices.find((p) => p.code === u.code)!.kind === kind)
        .map((u) => Math.abs(Math.log(expectedOf(u) / truth.get(u.code)!)))
        .sort((a, b) => a - b);
      return errors[errors.length >> 1]!;
    };
    for (const kind of ['student', 'family']) {
      const standardised = error(kind, (u) => standardisedExpected(model, u)!);
      const broad = error(kind, (u) => glmExpected.get(u.code)!);
      assert.ok(
        standardised < broad,
        `${kind}: median |log(E/true E)| ${standardised} vs broad bands ${broad}`,
      );
    }
  });
});
