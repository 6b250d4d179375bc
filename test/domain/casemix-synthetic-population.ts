// A synthetic England for the case-mix tests: practices with varied age-sex structure and deprivation,
// outcomes drawn from a KNOWN logistic model, and planted practices that are truly worse or only more
// deprived. Seeded, so every run sees the same population.

import type { CaseMixUnit, PopulationCount } from '../../src/domain/casemix/index.ts';
import { BROAD_AGE_BANDS, MODEL_BANDS } from '../../src/domain/casemix/index.ts';

/** mulberry32: small, fast, good enough for simulation. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** The true model: log-odds per unit share moved out of female 15-44, per IMD point, and the intercept. */
export const TRUE_MODEL = {
  intercept: -3.2,
  bands: {
    'male 0-14': -2.0,
    'female 0-14': -2.0,
    'male 15-44': -0.5,
    'male 45-64': 1.5,
    'female 45-64': 1.2,
    'male 65-74': 3.0,
    'female 65-74': 2.5,
    'male 75+': 4.0,
    'female 75+': 3.5,
  } as Record<string, number>,
  imd: 0.015,
} as const;

/** Extra log-odds of the planted "truly worse" practices. */
export const PLANTED_EXTRA = 0.3;
/** Between-practice noise (log-odds SD) that no model can explain: real practices differ a little. */
export const PRACTICE_NOISE = 0.03;

export interface SyntheticPractice {
  unit: CaseMixUnit;
  kind: 'ordinary' | 'truly_worse' | 'only_more_deprived';
  /** The probability the practice's events were drawn with. */
  trueProbability: number;
}

const TYPICAL_SHARE: Record<string, number> = {
  '0-14': 0.18,
  '15-44': 0.4,
  '45-64': 0.25,
  '65-74': 0.09,
  '75+': 0.08,
};
const MALE_FRACTION: Record<string, number> = {
  '0-14': 0.51,
  '15-44': 0.5,
  '45-64': 0.5,
  '65-74': 0.48,
  '75+': 0.43,
};
const AGE_TILT: Record<string, number> = {
  '0-14': -0.15,
  '15-44': -0.15,
  '45-64': 0.1,
  '65-74': 0.35,
  '75+': 0.45,
};

function binomial(random: () => number, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (random() < p) k++;
  return k;
}

/**
 * `practices` practices, of which `worse` are truly worse and `deprived` only more deprived (IMD 70–85,
 * typical age structure, no extra effect). Planted practices are spread through the list.
 */
export function syntheticPopulation(
  practices = 1000,
  worse = 25,
  deprived = 25,
  seed = 2024,
): SyntheticPractice[] {
  const random = seededRandom(seed);
  const out: SyntheticPractice[] = [];
  for (let i = 0; i < practices; i++) {
    const kind: SyntheticPractice['kind'] =
      i % 40 === 7 && i / 40 < worse
        ? 'truly_worse'
        : i % 40 === 23 && i / 40 < deprived
          ? 'only_more_deprived'
          : 'ordinary';
    // Older practices tend to be less deprived (as in England): the two are confounded.
    const tilt = kind === 'only_more_deprived' ? 0 : gaussian(random);
    const imd =
      kind === 'only_more_deprived'
        ? 70 + 15 * random()
        : Math.min(60, Math.max(2, 25 - 7 * tilt + 8 * gaussian(random)));
    const listSize = Math.round(2000 + 13000 * random());
    const weights: { sex: 'male' | 'female'; ageBand: string; weight: number }[] = [];
    for (const age of BROAD_AGE_BANDS) {
      const ageWeight = TYPICAL_SHARE[age]! * Math.exp(AGE_TILT[age]! * tilt + 0.12 * gaussian(random));
      const male = Math.min(0.7, Math.max(0.3, MALE_FRACTION[age]! + 0.04 * gaussian(random)));
      weights.push({ sex: 'male', ageBand: age, weight: ageWeight * male });
      weights.push({ sex: 'female', ageBand: age, weight: ageWeight * (1 - male) });
    }
    const total = weights.reduce((s, w) => s + w.weight, 0);
    const population: PopulationCount[] = weights.map((w) => ({
      sex: w.sex,
      ageBand: w.ageBand,
      patients: Math.round((listSize * w.weight) / total),
    }));
    const patients = population.reduce((s, p) => s + p.patients, 0);
    let eta = TRUE_MODEL.intercept + TRUE_MODEL.imd * imd + PRACTICE_NOISE * gaussian(random);
    for (const band of MODEL_BANDS) {
      const count = population.find((p) => p.sex === band.sex && p.ageBand === band.age)!.patients;
      eta += TRUE_MODEL.bands[`${band.sex} ${band.age}`]! * (count / patients);
    }
    if (kind === 'truly_worse') eta += PLANTED_EXTRA;
    const p = 1 / (1 + Math.exp(-eta));
    out.push({
      unit: {
        code: `P${String(i).padStart(5, '0')}`,
        observed: binomial(random, patients, p),
        denominator: patients,
        population,
        imdScore: imd,
      },
      kind,
      trueProbability: p,
    });
  }
  return out;
}
