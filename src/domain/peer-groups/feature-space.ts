/**
 * The standardised features peer groups are found in. Each feature is turned into a z-score across all
 * practices ((value − national mean) / national SD), so a difference of one standard deviation counts
 * the same whatever the feature's units. A missing value is given the national mean (z = 0) — it then
 * neither pulls a practice towards nor away from others on that feature — and is recorded so the
 * explanation can say so.
 */
import { BROAD_AGE_BANDS } from '../casemix/age-bands.ts';
import type { PracticeProfile } from './profile.ts';

export type PeerFeatureKey =
  | 'log_list_size'
  | 'age_0_14'
  | 'age_15_44'
  | 'age_45_64'
  | 'age_65_74'
  | 'age_75_plus'
  | 'imd_score'
  | 'rural';

export interface PeerFeature {
  readonly key: PeerFeatureKey;
  readonly label: string;
  readonly value: (p: PracticeProfile) => number | null;
}

const AGE_KEYS: readonly PeerFeatureKey[] = [
  'age_0_14',
  'age_15_44',
  'age_45_64',
  'age_65_74',
  'age_75_plus',
];

/** The features, in distance order. */
export const PEER_FEATURES: readonly PeerFeature[] = [
  {
    key: 'log_list_size',
    label: 'list size (log)',
    value: (p) => (p.listSize !== null && p.listSize > 0 ? Math.log(p.listSize) : null),
  },
  ...BROAD_AGE_BANDS.map(
    (band, k): PeerFeature => ({
      key: AGE_KEYS[k]!,
      label: `share aged ${band}`,
      value: (p) => p.ageShares?.[band] ?? null,
    }),
  ),
  { key: 'imd_score', label: 'IMD score', value: (p) => p.imdScore },
  { key: 'rural', label: 'rural', value: (p) => (p.rural === null ? null : p.rural ? 1 : 0) },
];

/** Relative weight of each feature in the squared distance; default 1 each. */
export type PeerWeights = Partial<Record<PeerFeatureKey, number>>;

export interface PeerFeatureSpace {
  /** Profiles sorted by practice code (byte order): index i everywhere below is this order. */
  readonly profiles: readonly PracticeProfile[];
  readonly features: readonly PeerFeature[];
  readonly weights: Float64Array;
  /** National mean and SD of each feature over practices where it is known. */
  readonly means: Float64Array;
  readonly sds: Float64Array;
  /** z-scores, n × features, row-major; 0 where imputed. */
  readonly z: Float64Array;
  /** z × √weight: what the distance is computed on. */
  readonly scaled: Float64Array;
  /** 1 where the value was missing and the national mean used. */
  readonly imputed: Uint8Array;
  readonly indexOf: ReadonlyMap<string, number>;
}

/** Byte order of codes (ASCII practice codes sort the same in every locale). */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Standardises every profile's features. Throws RangeError for a repeated code or a bad weight. */
export function peerFeatureSpace(
  profiles: readonly PracticeProfile[],
  weights: PeerWeights = {},
): PeerFeatureSpace {
  const sorted = [...profiles].sort((a, b) => compareCodes(a.code, b.code));
  const indexOf = new Map<string, number>();
  sorted.forEach((p, i) => {
    if (indexOf.has(p.code)) throw new RangeError(`practice ${p.code} appears twice`);
    indexOf.set(p.code, i);
  });
  const features = PEER_FEATURES;
  const d = features.length;
  const n = sorted.length;
  const w = Float64Array.from(features, (f) => {
    const weight = weights[f.key] ?? 1;
    if (!(Number.isFinite(weight) && weight >= 0)) throw new RangeError(`weight for ${f.key} must be ≥ 0`);
    return weight;
  });
  const raw = new Float64Array(n * d);
  const imputed = new Uint8Array(n * d);
  const means = new Float64Array(d);
  const sds = new Float64Array(d);
  features.forEach((f, k) => {
    let count = 0;
    let sum = 0;
    sorted.forEach((p, i) => {
      const v = f.value(p);
      if (v === null || !Number.isFinite(v)) {
        imputed[i * d + k] = 1;
        return;
      }
      raw[i * d + k] = v;
      sum += v;
      count++;
    });
    const mean = count > 0 ? sum / count : 0;
    let ss = 0;
    for (let i = 0; i < n; i++) if (!imputed[i * d + k]) ss += (raw[i * d + k]! - mean) ** 2;
    means[k] = mean;
    sds[k] = count > 0 ? Math.sqrt(ss / count) : 0;
  });
  const z = new Float64Array(n * d);
  const scaled = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      const at = i * d + k;
      // A feature nobody differs on (SD 0) cannot separate practices: it contributes nothing.
      const value = imputed[at] || !(sds[k]! > 0) ? 0 : (raw[at]! - means[k]!) / sds[k]!;
      z[at] = value;
      scaled[at] = value * Math.sqrt(w[k]!);
    }
  }
  return { profiles: sorted, features, weights: w, means, sds, z, scaled, imputed, indexOf };
}
