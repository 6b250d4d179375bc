/**
 * Seeded, realistic-looking practice data for the benchmarks: list sizes from 1,000 to 30,000 (skewed
 * towards the smaller practices, as in England), indicator prevalences from 0.5% to 20%, binomial-ish
 * counts with some practice-level over-dispersion, and monthly series with drift and the odd step.
 */
import { seededRandom } from './harness.ts';

export interface IndicatorData {
  /** Events (numerator) per practice. */
  numerators: Float64Array;
  /** List size (denominator) per practice. */
  denominators: Float64Array;
  prevalence: number;
}

function gaussian(random: () => number): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** List sizes for `practices` practices, 1,000–30,000. */
export function listSizes(practices: number, seed = 1): Float64Array {
  const random = seededRandom(seed);
  const sizes = new Float64Array(practices);
  for (let i = 0; i < practices; i++) sizes[i] = Math.round(1000 + 29000 * random() ** 1.8);
  return sizes;
}

/** `indicators` indicators over the same practices, each with its own prevalence. */
export function indicators(practices: number, count: number, seed = 2): IndicatorData[] {
  const sizes = listSizes(practices, seed);
  const random = seededRandom(seed + 1000);
  const out: IndicatorData[] = [];
  for (let k = 0; k < count; k++) {
    const prevalence = 0.005 + 0.195 * random();
    const numerators = new Float64Array(practices);
    for (let i = 0; i < practices; i++) {
      const n = sizes[i]!;
      // Practice-level variation beyond chance (φ > 1), as real indicators show.
      const p = Math.min(0.99, Math.max(0, prevalence * Math.exp(0.15 * gaussian(random))));
      const x = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * gaussian(random));
      numerators[i] = Math.min(n, Math.max(0, x));
    }
    out.push({ numerators, denominators: sizes, prevalence });
  }
  return out;
}

export interface SeriesData {
  /** values[s][t]: series s (practice × measure), month t. */
  values: Float64Array[];
  /** ISO dates of the months, shared by every series. */
  dates: string[];
}

/** `series` monthly series of `months` points: a rate per 1,000 with noise, drift and occasional steps. */
export function monthlySeries(series: number, months: number, seed = 3): SeriesData {
  const random = seededRandom(seed);
  const dates: string[] = [];
  for (let t = 0; t < months; t++) {
    const y = 2022 + Math.floor(t / 12);
    dates.push(`${y}-${String((t % 12) + 1).padStart(2, '0')}-01`);
  }
  const values: Float64Array[] = [];
  for (let s = 0; s < series; s++) {
    const level = 5 + 45 * random();
    const drift = (random() - 0.5) * 0.2;
    const stepAt = random() < 0.2 ? Math.floor(random() * months) : months;
    const v = new Float64Array(months);
    for (let t = 0; t < months; t++) {
      v[t] = level + drift * t + (t >= stepAt ? level * 0.3 : 0) + level * 0.08 * gaussian(random);
    }
    values.push(v);
  }
  return { values, dates };
}
