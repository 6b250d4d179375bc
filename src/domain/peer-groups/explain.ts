/**
 * "These 20 practices are like yours because …": for each aspect a GP would recognise (list size, share
 * aged 65+, share of children, deprivation, rurality), the peers' range beside the practice's own value
 * and how close they are, in plain words. The sentence names the aspects that are (broadly) similar and
 * then those that differ; the share of children is named only when it differs (the share aged 65+
 * already speaks for age structure when both are similar).
 *
 * Closeness of a numeric aspect is the median, over the peers, of |peer − practice| in national
 * standard deviations of that aspect (list size on the log scale, as in the distance): up to 0.5 SD is
 * "similar", up to 1 SD "broadly similar", beyond that "different". Rurality is "the same" when every
 * peer with a known rurality matches, "mostly the same" when at least three in four do.
 */
import { type PeerFeatureSpace, peerFeatureSpace } from './feature-space.ts';
import type { PracticeProfile } from './profile.ts';

export type PeerAspect = 'list_size' | 'aged_65_plus' | 'children_under_15' | 'deprivation' | 'rurality';
export type Closeness = 'similar' | 'broadly_similar' | 'different' | 'unknown';

export interface PeerReason {
  readonly aspect: PeerAspect;
  readonly closeness: Closeness;
  /** The practice's own value: patients, a share (0–1), an IMD score, or 1 rural / 0 urban; null if not known. */
  readonly practiceValue: number | null;
  /** Lowest and highest among the peers with a known value (rurality: share of peers that are rural). */
  readonly peerMin: number | null;
  readonly peerMax: number | null;
  /** Peers with a known value. */
  readonly peersKnown: number;
  /** Median |peer − practice| in national SDs; for rurality the share of known peers that differ. */
  readonly difference: number | null;
  /** The words used in the sentence, e.g. `a similar list size (8,100–10,900 vs your 9,400)`. */
  readonly phrase: string;
}

export interface PeerExplanation {
  readonly code: string;
  readonly peerCount: number;
  readonly reasons: readonly PeerReason[];
  /** "These 20 practices are like yours because …" (and, if any, what they differ more in). */
  readonly sentence: string;
  /** Missing data and how it was handled, one sentence each. */
  readonly notes: readonly string[];
  /** sentence + notes. */
  readonly text: string;
}

interface NumericAspect {
  aspect: Exclude<PeerAspect, 'rurality'>;
  value: (p: PracticeProfile) => number | null;
  /** The scale closeness is measured on. */
  scale: (v: number) => number;
  format: (v: number) => string;
  /** `list size`, `deprivation` …; `a` before it when it needs one. */
  noun: string;
  article: boolean;
  /** Before the figures: `IMD ` for deprivation. */
  prefix: string;
  /** What to call it when it is not known. */
  missingWord: string;
}

const listSizeText = (v: number) =>
  (Math.round(v / (v >= 1000 ? 100 : 10)) * (v >= 1000 ? 100 : 10)).toLocaleString('en-GB');
const percentText = (v: number) => `${Math.round(v * 100)}`;
const imdText = (v: number) => `${Math.round(v)}`;

const NUMERIC: readonly NumericAspect[] = [
  {
    aspect: 'list_size',
    value: (p) => (p.listSize !== null && p.listSize > 0 ? p.listSize : null),
    scale: Math.log,
    format: listSizeText,
    noun: 'list size',
    article: true,
    prefix: '',
    missingWord: 'list size',
  },
  {
    aspect: 'aged_65_plus',
    value: (p) => (p.ageShares === null ? null : p.ageShares['65-74'] + p.ageShares['75+']),
    scale: (v) => v,
    format: percentText,
    noun: 'share of patients aged 65+',
    article: true,
    prefix: '',
    missingWord: 'age structure',
  },
  {
    aspect: 'children_under_15',
    value: (p) => p.ageShares?.['0-14'] ?? null,
    scale: (v) => v,
    format: percentText,
    noun: 'share of children under 15',
    article: true,
    prefix: '',
    missingWord: 'age structure',
  },
  {
    aspect: 'deprivation',
    value: (p) => p.imdScore,
    scale: (v) => v,
    format: imdText,
    noun: 'deprivation',
    article: false,
    prefix: 'IMD ',
    missingWord: 'deprivation (IMD) score',
  },
];

const sdCache = new WeakMap<PeerFeatureSpace, Map<PeerAspect, number>>();

/** National SD of an aspect on its closeness scale, over practices where it is known. */
function nationalSd(space: PeerFeatureSpace, aspect: NumericAspect): number {
  let cache = sdCache.get(space);
  if (!cache) {
    cache = new Map();
    sdCache.set(space, cache);
  }
  const cached = cache.get(aspect.aspect);
  if (cached !== undefined) return cached;
  const values = space.profiles.flatMap((p) => {
    const v = aspect.value(p);
    return v === null || !Number.isFinite(v) ? [] : [aspect.scale(v)];
  });
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length));
  cache.set(aspect.aspect, sd);
  return sd;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function closenessOf(difference: number): Closeness {
  if (difference <= 0.5) return 'similar';
  if (difference <= 1) return 'broadly_similar';
  return 'different';
}

/** `a similar list size (…)`, `broadly similar deprivation (IMD …)`, or for a difference just `list size (…)`. */
function describe(aspect: NumericAspect, closeness: Closeness, figures: string): string {
  const detail = `(${aspect.prefix}${figures})`;
  if (closeness === 'different' || closeness === 'unknown') return `${aspect.noun} ${detail}`;
  const word = closeness === 'broadly_similar' ? 'broadly similar' : 'similar';
  return `${aspect.article ? 'a ' : ''}${word} ${aspect.noun} ${detail}`;
}

function numericReason(
  aspect: NumericAspect,
  practice: PracticeProfile,
  peers: readonly PracticeProfile[],
  space: PeerFeatureSpace,
): PeerReason & { range: (your: boolean) => string } {
  const own = aspect.value(practice);
  const known = peers.map(aspect.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const peerMin = known.length > 0 ? Math.min(...known) : null;
  const peerMax = known.length > 0 ? Math.max(...known) : null;
  const sd = nationalSd(space, aspect);
  let difference: number | null = null;
  if (own !== null && known.length > 0) {
    difference = sd > 0 ? median(known.map((v) => Math.abs(aspect.scale(v) - aspect.scale(own)) / sd)) : 0;
  }
  const closeness: Closeness = difference === null ? 'unknown' : closenessOf(difference);
  const unit = aspect.format === percentText ? '%' : '';
  const range = (your: boolean) => {
    const lo = peerMin === null ? null : aspect.format(peerMin);
    const hi = peerMax === null ? null : aspect.format(peerMax);
    const theirs = lo === null ? 'not known' : lo === hi ? `${lo}${unit}` : `${lo}–${hi}${unit}`;
    return `${theirs} vs ${your ? 'your ' : ''}${own === null ? 'not known' : `${aspect.format(own)}${unit}`}`;
  };
  const phrase = describe(aspect, closeness, range(true));
  return {
    aspect: aspect.aspect,
    closeness,
    practiceValue: own,
    peerMin,
    peerMax,
    peersKnown: known.length,
    difference,
    phrase,
    range,
  };
}

function ruralityReason(practice: PracticeProfile, peers: readonly PracticeProfile[]): PeerReason {
  const known = peers.filter((p) => p.rural !== null);
  const rural = known.filter((p) => p.rural).length;
  const share = known.length > 0 ? rural / known.length : null;
  const base = {
    aspect: 'rurality' as const,
    practiceValue: practice.rural === null ? null : practice.rural ? 1 : 0,
    peerMin: share,
    peerMax: share,
    peersKnown: known.length,
  };
  if (practice.rural === null || known.length === 0) {
    return { ...base, closeness: 'unknown', difference: null, phrase: 'rurality (not known)' };
  }
  const word = practice.rural ? 'rural' : 'urban';
  const same = known.filter((p) => p.rural === practice.rural).length;
  const difference = 1 - same / known.length;
  const closeness: Closeness =
    same === known.length ? 'similar' : same >= 0.75 * known.length ? 'broadly_similar' : 'different';
  const counted =
    same === known.length
      ? `all ${known.length === 1 ? '' : `${known.length} `}are ${word}`
      : `${same} of ${known.length} are ${word}`;
  const phrase =
    closeness === 'similar'
      ? `the same rurality (${counted}, like yours)`
      : closeness === 'broadly_similar'
        ? `mostly the same rurality (${counted}, like yours)`
        : `rurality (${counted}; yours is ${word})`;
  return { ...base, closeness, difference, phrase };
}

function listJoin(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function isSpace(x: readonly PracticeProfile[] | PeerFeatureSpace): x is PeerFeatureSpace {
  return !Array.isArray(x);
}

/**
 * Explains one practice's peer group. `practice` is a profile or a code; `peers` are codes or matches
 * (anything with a `code`) found in `profiles` (or in a feature space made by `peerFeatureSpace`, which
 * is faster when explaining every practice).
 */
export function explainPeers(
  practice: PracticeProfile | string,
  peers: readonly ({ readonly code: string } | string)[],
  profiles: readonly PracticeProfile[] | PeerFeatureSpace,
): PeerExplanation {
  const space = isSpace(profiles) ? profiles : peerFeatureSpace(profiles);
  const lookup = (code: string): PracticeProfile => {
    const i = space.indexOf.get(code);
    if (i === undefined) throw new RangeError(`practice ${code} is not among the profiles`);
    return space.profiles[i]!;
  };
  const own = typeof practice === 'string' ? lookup(practice) : practice;
  const peerProfiles = peers.map((p) => lookup(typeof p === 'string' ? p : p.code));
  const count = peerProfiles.length;

  const numeric = NUMERIC.map((a) => numericReason(a, own, peerProfiles, space));
  const rurality = ruralityReason(own, peerProfiles);
  const reasons: PeerReason[] = [...numeric.map(({ range: _, ...r }) => r), rurality];

  // The first figure says "your", later ones just "vs": "(8,100–10,900 vs your 9,400), (19–23% vs 21%)".
  let yourUsed = false;
  const phraseFor = (i: number): string => {
    if (i === NUMERIC.length) return rurality.phrase;
    const text = describe(NUMERIC[i]!, numeric[i]!.closeness, numeric[i]!.range(!yourUsed));
    yourUsed = true;
    return text;
  };
  const alike: string[] = [];
  const unlike: string[] = [];
  reasons.forEach((r, i) => {
    // Age structure is summed up by the share aged 65+; children are mentioned only when they differ.
    if (r.aspect === 'children_under_15') return;
    if (r.closeness === 'similar' || r.closeness === 'broadly_similar') alike.push(phraseFor(i));
  });
  reasons.forEach((r, i) => {
    if (r.closeness === 'different') unlike.push(phraseFor(i));
  });

  const these = count === 1 ? 'This practice is' : `These ${count} practices are`;
  const they = count === 1 ? 'it has' : 'they have';
  let sentence: string;
  if (count === 0) sentence = 'There are no other practices to compare with.';
  else if (alike.length > 0) sentence = `${these} like yours because ${they} ${listJoin(alike)}.`;
  else
    sentence = `${these} the most like yours nationally, though none is closely similar on any one measure.`;
  if (count > 0 && unlike.length > 0)
    sentence += ` ${count === 1 ? 'It differs' : 'They differ'} more in ${listJoin(unlike)}.`;

  const notes: string[] = [];
  const missingOwn = new Set<string>();
  for (const a of NUMERIC) if (a.value(own) === null) missingOwn.add(a.missingWord);
  if (own.rural === null) missingOwn.add('rurality');
  if (missingOwn.size > 0) {
    notes.push(
      `Your practice's ${listJoin([...missingOwn])} ${missingOwn.size === 1 ? 'is' : 'are'} not known, so the national average was used when matching.`,
    );
  }
  for (const a of NUMERIC) {
    if (a.aspect === 'children_under_15') continue; // same data as 65+: say it once
    const missing = peerProfiles.filter((p) => a.value(p) === null).length;
    if (missing > 0 && count > 0) {
      notes.push(
        `The ${a.missingWord} of ${missing} of the ${count} ${count === 1 ? 'practice is' : 'practices is'} not known; the national average was used for ${missing === 1 ? 'it' : 'them'}.`,
      );
    }
  }
  const missingRural = peerProfiles.filter((p) => p.rural === null).length;
  if (missingRural > 0) {
    notes.push(
      `Whether ${missingRural} of the ${count} ${count === 1 ? 'practice is' : 'practices are'} rural is not known.`,
    );
  }
  return { code: own.code, peerCount: count, reasons, sentence, notes, text: [sentence, ...notes].join(' ') };
}
