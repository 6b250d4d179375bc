// A SYNTHETIC England for the calibration study of Fairview's flags (issue 12). Seeded and
// deterministic. Each practice has a registered list in 5-year bands by sex (a national pyramid bent
// by its kind of list — standard, family-heavy, student, retirement — and its own noise), a
// deprivation score, rurality and a place in the NHS hierarchy. Its disease registers follow its
// population band by band, deprivation and rurality, plus a small random practice effect (legitimate
// variation no model should flag) and chance; a few practices are planted as under- or over-recording
// (×0.6 or ×1.7). An achievement-type indicator near 100% has a practice effect on the logit scale,
// so its spread on the percentage scale grows with deprivation; a monthly indicator has a seasonal
// pattern, with planted steps, trends and one-month spikes in the recent months of some practices.
//
// The files are written in the real layouts (files.ts) and go through the real import → recompute →
// release path (study.ts). Nothing here is NHS data.
import { expit, logit } from '../../src/domain/judgment/special-functions.ts';
import { binomial, gaussian, type Random, seededRandom } from './random.ts';

/** The registration file's 5-year bands: 0-4 … 90-94, 95+. */
export const BANDS: readonly { label: string; file: string; mid: number }[] = Array.from(
  { length: 20 },
  (_, i) =>
    i < 19
      ? { label: `${5 * i}-${5 * i + 4}`, file: `${5 * i}_${5 * i + 4}`, mid: 5 * i + 2.5 }
      : { label: '95+', file: '95+', mid: 97.5 },
);

// England's registered population by band (both sexes, shares) and the male fraction in each band.
const PYRAMID = [
  5.2, 5.8, 6.0, 5.7, 5.9, 6.7, 7.1, 7.0, 6.6, 6.3, 6.9, 6.8, 6.0, 5.1, 4.8, 3.7, 2.4, 1.4, 0.6, 0.15,
];
const MALE = [
  0.51, 0.51, 0.51, 0.51, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.49, 0.49, 0.48, 0.47, 0.45, 0.42, 0.37, 0.32,
  0.25,
];

export type ListKind = 'standard' | 'family' | 'student' | 'retirement';

/** How each kind of list bends the national pyramid (multipliers by band). */
function kindMultiplier(kind: ListKind, mid: number): number {
  switch (kind) {
    case 'family':
      return mid < 15 ? 1.6 : mid >= 30 && mid < 45 ? 1.4 : mid >= 65 ? 0.6 : 1;
    case 'student':
      return mid >= 15 && mid < 20
        ? 3
        : mid >= 20 && mid < 25
          ? 7
          : mid >= 25 && mid < 30
            ? 1.6
            : mid < 15
              ? 0.3
              : mid >= 50
                ? 0.3
                : 0.8;
    case 'retirement':
      return mid >= 65 ? 2.1 : mid < 15 ? 0.7 : mid >= 20 && mid < 40 ? 0.65 : 1;
    default:
      return 1;
  }
}

/** A disease register's truth: its rate by age and sex, deprivation, rurality and practice effect. */
export interface RegisterTruth {
  readonly group: string;
  readonly description: string;
  /** PATIENT_LIST_TYPE: TOTAL or an age-restricted list such as 17OV. */
  readonly listType: 'TOTAL' | '17OV' | '18OV';
  /** The rate in a band (before deprivation, rurality and the practice effect). */
  readonly rate: (mid: number, male: boolean) => number;
  /** Log-odds per 10 IMD points above 22, and per (10 points)². */
  readonly imd: number;
  readonly imd2: number;
  readonly rural: number;
  /** SD of the practice effect on the log-odds scale (legitimate variation). */
  readonly practiceSd: number;
}

const logistic = (cap: number, centre: number, spread: number) => (age: number) =>
  cap * expit((age - centre) / spread);

export const REGISTERS: readonly RegisterTruth[] = [
  {
    group: 'AF',
    description: 'Atrial fibrillation',
    listType: 'TOTAL',
    rate: (a, m) => logistic(0.22, 84, 8)(a) * (m ? 1.35 : 1),
    imd: -0.06,
    imd2: 0,
    rural: 0.05,
    practiceSd: 0.1,
  },
  {
    group: 'DM',
    description: 'Diabetes mellitus',
    listType: '17OV',
    rate: (a, m) => (a < 17 ? 0.001 : logistic(0.2, 62, 11)(a) * (m ? 1.25 : 1)),
    imd: 0.18,
    imd2: -0.02,
    rural: -0.05,
    practiceSd: 0.08,
  },
  {
    group: 'DEP',
    description: 'Depression',
    listType: '18OV',
    rate: (a, m) => (a < 18 ? 0 : (0.15 * Math.exp(-(((a - 45) / 25) ** 2)) + 0.03) * (m ? 0.55 : 1)),
    imd: 0.15,
    imd2: 0,
    rural: -0.05,
    practiceSd: 0.15,
  },
  {
    group: 'DEM',
    description: 'Dementia',
    listType: 'TOTAL',
    rate: (a, m) => logistic(0.35, 92, 5.5)(a) * (m ? 0.85 : 1),
    imd: 0.03,
    imd2: 0,
    rural: 0,
    practiceSd: 0.12,
  },
  {
    group: 'LD',
    description: 'Learning disabilities',
    listType: 'TOTAL',
    rate: (a, m) => (a < 5 ? 0.001 : a < 70 ? 0.0055 : 0.003) * (m ? 1.5 : 0.7),
    imd: 0.1,
    imd2: 0,
    rural: 0,
    practiceSd: 0.12,
  },
];

/** The achievement-type indicator (template): blood pressure in target among people with hypertension. */
export const ACHIEVEMENT = {
  code: 'SIM-BP',
  name: 'Patients with hypertension whose blood pressure is in target (%) — SYNTHETIC',
  /** Log-odds of achievement at average deprivation, per 10 IMD points, rural, per unit share aged 65+. */
  base: logit(0.92),
  imd: -0.3,
  rural: 0.1,
  older: 0.8,
  practiceSd: 0.35,
  yearSd: 0.05,
  /** Hypertension among adults by age (the denominator). */
  register: logistic(0.62, 70, 12),
} as const;

/** The monthly indicator (template): booked appointments not attended. */
export const MONTHLY = {
  code: 'SIM-DNA',
  name: 'Booked appointments not attended (%) — SYNTHETIC',
  base: logit(0.045),
  imd: 0.25,
  /** Per unit share of the list aged 15-34 above 0.25. */
  young: 2,
  practiceSd: 0.25,
  /** Month-to-month legitimate noise on the log-odds scale. */
  monthSd: 0.05,
  /** National log-odds by calendar month (January first): a July dip, a December rise. */
  season: [0.08, 0.05, 0, -0.03, -0.03, -0.06, -0.18, -0.12, 0.02, 0.04, 0.05, 0.15],
  /** Appointment volume by calendar month. */
  volume: [1.05, 1.0, 1.02, 0.95, 0.98, 0.98, 0.95, 0.85, 1.0, 1.05, 1.05, 0.85],
} as const;

export type SpcPlant = 'none' | 'step' | 'trend' | 'spike';

export interface SimPractice {
  code: string;
  name: string;
  postcode: string;
  region: string;
  icb: string;
  subIcb: string;
  pcn: string;
  kind: ListKind;
  rural: boolean;
  imd: number;
  /** Registered patients by year index, then by sex (male first) × band. */
  population: { male: number[]; female: number[] }[];
  /** Latest list size. */
  listSize: number;
  share65: number;
}

export interface RegisterValue {
  practice: string;
  group: string;
  year: string;
  register: number;
  list: number;
  listType: string;
  /** Planted multiplier of the rate (1 = not planted). */
  planted: number;
}

export interface AchievementValue {
  practice: string;
  year: string;
  numerator: number;
  denominator: number;
  /** Planted log-odds shift (0 = not planted). */
  planted: number;
}

export interface MonthlyValue {
  practice: string;
  month: string;
  numerator: number;
  denominator: number;
}

export interface SimulationOptions {
  seed: number;
  practices: number;
  /** QOF years (the annual periods), e.g. ['2022-23', '2023-24']. */
  years: readonly string[];
  /** Practices carrying the monthly indicator (the first ones by code; default all). */
  monthlyPractices?: number;
  /** Months of the monthly indicator, ending in March of the last QOF year (default 36). */
  months?: number;
  /** Share of practices planted per indicator (default 0.03). */
  plantedShare?: number;
  /** Share of monthly series with a planted change (default 0.09, split evenly). */
  spcPlantedShare?: number;
}

export interface Simulation {
  options: Required<SimulationOptions>;
  practices: SimPractice[];
  registers: RegisterValue[];
  achievement: AchievementValue[];
  monthly: MonthlyValue[];
  /** Monthly series: the planted change, if any, and the month it starts. */
  spcPlants: Map<string, { kind: SpcPlant; from: string | null }>;
  /** Registration extract dates (ISO), one per QOF year: 1 April after it ends. */
  extractDates: string[];
  months: string[];
}

/** 1 April after a QOF year ends: '2023-24' → '2024-04-01'. */
export function extractDateOf(year: string): string {
  return `${Number(year.slice(0, 4)) + 1}-04-01`;
}

function monthsEnding(lastYear: string, count: number): string[] {
  const endYear = Number(lastYear.slice(0, 4)) + 1;
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const index = endYear * 12 + 2 - i; // March of endYear is month index 2
    out.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

function practiceProfile(
  random: Random,
  index: number,
): Omit<SimPractice, 'population' | 'listSize' | 'share65'> & {
  shares: { male: number[]; female: number[] };
  list: number;
} {
  const u = random();
  const kind: ListKind = u < 0.8 ? 'standard' : u < 0.88 ? 'family' : u < 0.93 ? 'student' : 'retirement';
  const tilt = kind === 'standard' ? 0.35 * gaussian(random) : 0;
  const male: number[] = [];
  const female: number[] = [];
  BANDS.forEach((band, b) => {
    const age = Math.exp((tilt * (band.mid - 40)) / 40) * kindMultiplier(kind, band.mid);
    const w = PYRAMID[b]! * age * Math.exp(0.08 * gaussian(random));
    const m = Math.min(0.75, Math.max(0.2, MALE[b]! + 0.02 * gaussian(random)));
    male.push(w * m);
    female.push(w * (1 - m));
  });
  const total = [...male, ...female].reduce((s, x) => s + x, 0);
  const shares = { male: male.map((x) => x / total), female: female.map((x) => x / total) };
  const old = BANDS.reduce((s, b, i) => s + (b.mid >= 65 ? shares.male[i]! + shares.female[i]! : 0), 0);
  const rural = random() < (kind === 'retirement' ? 0.35 : kind === 'student' ? 0.02 : 0.15);
  // Deprivation: lognormal around 19, older and rural lists less deprived, students and families more.
  const shift =
    (kind === 'family' ? 0.25 : kind === 'student' ? 0.15 : 0) - 2.5 * (old - 0.18) - (rural ? 0.35 : 0);
  const imd = Math.min(75, Math.max(2, Math.exp(Math.log(19) + shift + 0.5 * gaussian(random))));
  const list = Math.round(
    Math.min(45_000, Math.max(900, Math.exp(Math.log(8000) + 0.55 * gaussian(random)))),
  );
  const code = `P${String(index + 1).padStart(5, '0')}`;
  return {
    code,
    name: `SIMULATED PRACTICE ${String(index + 1).padStart(5, '0')}`,
    postcode: `ZZ${(index % 90) + 10} ${(index % 9) + 1}ZZ`,
    region: '',
    icb: '',
    subIcb: '',
    pcn: '',
    kind,
    rural,
    imd,
    shares,
    list,
  };
}

/** Patients aged `from` and over in a year's population (17OV counts 3/5 of the 15-19 band). */
export function patientsAgedOver(pop: { male: number[]; female: number[] }, from: number): number {
  let n = 0;
  BANDS.forEach((band, b) => {
    const lo = band.mid - 2.5;
    const both = pop.male[b]! + pop.female[b]!;
    if (lo >= from) n += both;
    else if (lo + 5 > from) n += (both * (lo + 5 - from)) / 5;
  });
  return Math.round(n);
}

export function simulateEngland(input: SimulationOptions): Simulation {
  const options: Required<SimulationOptions> = {
    monthlyPractices: input.practices,
    months: 36,
    plantedShare: 0.03,
    spcPlantedShare: 0.09,
    ...input,
  };
  const random = seededRandom(options.seed);
  const years = [...options.years];
  const extractDates = years.map(extractDateOf);
  const practices: SimPractice[] = [];
  for (let i = 0; i < options.practices; i++) {
    const p = practiceProfile(random, i);
    // Hierarchy: sub-ICB locations of ~60 practices, ICBs of 3 sub-ICBs, regions of 6 ICBs, PCNs of 6.
    const sub = Math.floor(i / 60);
    const icb = Math.floor(sub / 3);
    const region = Math.floor(icb / 6);
    const population = years.map((_, y) => {
      const size = p.list * (1 + 0.015 * (y - years.length + 1)) * Math.exp(0.01 * gaussian(random));
      return {
        male: p.shares.male.map((s) => Math.round(size * s)),
        female: p.shares.female.map((s) => Math.round(size * s)),
      };
    });
    const latest = population.at(-1)!;
    const listSize = [...latest.male, ...latest.female].reduce((s, x) => s + x, 0);
    const share65 =
      BANDS.reduce((s, b, k) => s + (b.mid >= 65 ? latest.male[k]! + latest.female[k]! : 0), 0) / listSize;
    practices.push({
      code: p.code,
      name: p.name,
      postcode: p.postcode,
      region: `Y${String(region + 10).padStart(2, '0')}`,
      icb: `Q${String(icb).padStart(2, '0')}`,
      subIcb: `S${String(sub).padStart(2, '0')}`,
      pcn: `U${String(Math.floor(i / 6)).padStart(5, '0')}`,
      kind: p.kind,
      rural: p.rural,
      imd: p.imd,
      population,
      listSize,
      share65,
    });
  }

  const dep = (imd: number, linear: number, square: number) =>
    linear * ((imd - 22) / 10) + square * ((imd - 22) / 10) ** 2;

  // Registers.
  const registers: RegisterValue[] = [];
  for (const truth of REGISTERS) {
    for (const p of practices) {
      const effect = truth.practiceSd * gaussian(random);
      const planted = random() < options.plantedShare ? (random() < 0.5 ? 0.6 : 1.7) : 1;
      years.forEach((year, y) => {
        const pop = p.population[y]!;
        const from = truth.listType === 'TOTAL' ? 0 : truth.listType === '17OV' ? 17 : 18;
        const list = patientsAgedOver(pop, from);
        let expected = 0;
        BANDS.forEach((band, b) => {
          for (const male of [true, false]) {
            const n = (male ? pop.male : pop.female)[b]!;
            const lo = band.mid - 2.5;
            const eligible = lo >= from ? n : lo + 5 > from ? (n * (lo + 5 - from)) / 5 : 0;
            const r = truth.rate(band.mid, male);
            if (r <= 0 || eligible === 0) continue;
            expected +=
              eligible * expit(logit(r) + dep(p.imd, truth.imd, truth.imd2) + (p.rural ? truth.rural : 0));
          }
        });
        const base = Math.min(0.999, expected / list);
        const probability = Math.min(0.999, expit(logit(base) + effect + 0.03 * gaussian(random)) * planted);
        registers.push({
          practice: p.code,
          group: truth.group,
          year,
          register: binomial(random, list, probability),
          list,
          listType: truth.listType,
          planted,
        });
      });
    }
  }

  // Achievement near 100%.
  const achievement: AchievementValue[] = [];
  for (const p of practices) {
    const effect = ACHIEVEMENT.practiceSd * gaussian(random);
    const planted = random() < options.plantedShare ? (random() < 0.5 ? -1.2 : 1.2) : 0;
    years.forEach((year, y) => {
      const pop = p.population[y]!;
      let denominatorMean = 0;
      BANDS.forEach((band, b) => {
        if (band.mid < 18) return;
        denominatorMean += (pop.male[b]! + pop.female[b]!) * ACHIEVEMENT.register(band.mid);
      });
      const denominator = Math.max(
        1,
        binomial(random, patientsAgedOver(pop, 18), denominatorMean / patientsAgedOver(pop, 18)),
      );
      const eta =
        ACHIEVEMENT.base +
        ACHIEVEMENT.imd * ((p.imd - 22) / 10) +
        (p.rural ? ACHIEVEMENT.rural : 0) +
        ACHIEVEMENT.older * (p.share65 - 0.18) +
        effect +
        ACHIEVEMENT.yearSd * gaussian(random) +
        planted;
      achievement.push({
        practice: p.code,
        year,
        numerator: binomial(random, denominator, expit(eta)),
        denominator,
        planted,
      });
    });
  }

  // The monthly indicator with seasonality and planted recent changes.
  const months = monthsEnding(years.at(-1)!, options.months);
  const national = months.map(() => 0.03 * gaussian(random));
  const monthly: MonthlyValue[] = [];
  const spcPlants = new Map<string, { kind: SpcPlant; from: string | null }>();
  const carriers = practices.slice(0, options.monthlyPractices);
  carriers.forEach((p, index) => {
    const latest = p.population.at(-1)!;
    const young =
      BANDS.reduce(
        (s, b, k) => s + (b.mid >= 15 && b.mid < 35 ? latest.male[k]! + latest.female[k]! : 0),
        0,
      ) / p.listSize;
    const level =
      MONTHLY.base +
      MONTHLY.imd * ((p.imd - 22) / 10) +
      MONTHLY.young * (young - 0.25) +
      MONTHLY.practiceSd * gaussian(random);
    const booked = p.listSize * 0.35;
    const pDna = expit(level);
    const sd = Math.sqrt(1 / (booked * pDna * (1 - pDna)) + MONTHLY.monthSd ** 2);
    // Planted series are spread through the list: every k-th carrier, alternating kinds.
    const every = options.spcPlantedShare > 0 ? Math.round(1 / options.spcPlantedShare) : 0;
    const kinds: SpcPlant[] = ['step', 'trend', 'spike'];
    const kind: SpcPlant =
      every > 0 && index % every === every - 1 ? kinds[Math.floor(index / every) % 3]! : 'none';
    // Up and down alternately, so the planted changes do not move England's own series.
    const sign = Math.floor(index / every) % 2 === 0 ? 1 : -1;
    const spikeAt = months.length - 1 - Math.floor(random() * 3);
    const shift = (t: number): number => {
      const last = months.length - 1;
      if (kind === 'step') return t > last - 6 ? 3 * sd : 0;
      if (kind === 'trend') return t > last - 9 ? (4 * sd * (t - (last - 9))) / 9 : 0;
      if (kind === 'spike') return t === spikeAt ? 6 * sd : 0;
      return 0;
    };
    const from =
      kind === 'step'
        ? months[months.length - 6]!
        : kind === 'trend'
          ? months[months.length - 9]!
          : kind === 'spike'
            ? months[spikeAt]!
            : null;
    spcPlants.set(p.code, { kind, from });
    months.forEach((month, t) => {
      const calendar = Number(month.slice(5, 7)) - 1;
      const denominator = Math.max(
        1,
        Math.round(booked * MONTHLY.volume[calendar]! * Math.exp(0.05 * gaussian(random))),
      );
      const eta = level + MONTHLY.season[calendar]! + national[t]! + MONTHLY.monthSd * gaussian(random);
      // Planted changes are sized in the practice's own month-to-month SD on the percentage scale
      // (the scale the charts read): sd(p) ≈ p(1 − p)·sd(log-odds).
      const probability = Math.min(0.999, Math.max(0.0001, expit(eta) + sign * shift(t) * pDna * (1 - pDna)));
      monthly.push({
        practice: p.code,
        month,
        numerator: binomial(random, denominator, probability),
        denominator,
      });
    });
  });

  return { options, practices, registers, achievement, monthly, spcPlants, extractDates, months };
}
