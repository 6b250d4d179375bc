// A prescribing measure, as data (measures/*.json; docs/prescribing.md). Like OpenPrescribing's
// measure definitions, each one says what it counts and why it matters, who wrote it, who checked it
// and when it is next reviewed; generic code runs them all.
//
// - numerator: BNF codes (`include`, minus `exclude`), summing items, quantity, ADQ usage or actual cost;
// - denominator: either BNF codes the same way (a ratio, shown as a percentage), or the practice's
//   registered list (`population: list_size`, shown per 1,000 patients);
// - polarity: `low_is_good` (a saving is then estimated: the cost had the practice prescribed at
//   England's 10th-percentile ratio), `high_is_good` (uptake), or `neither`.
//
// A BNF pattern is a code prefix (`0501`, `0501013K0`) or a prefix, `%` and an ending
// (`0205040D0%AQ`: any brand or generic doxazosin presentation whose last two characters are AQ,
// i.e. the 4 mg modified-release tablet) — the pattern language of OpenPrescribing's BNF filters.

export type MeasureValue = 'items' | 'quantity' | 'adq' | 'cost';
export type MeasurePolarity = 'low_is_good' | 'high_is_good' | 'neither';

export interface BnfSelection {
  value: MeasureValue;
  include: readonly string[];
  exclude: readonly string[];
}

export type MeasureDenominator =
  | ({ kind: 'bnf' } & BnfSelection)
  | { kind: 'population'; population: 'list_size'; per: number }
  /** The list weighted by STAR-PU (src/domain/prescribing/star-pu.ts), `weights` naming the group. */
  | { kind: 'population'; population: 'star_pu'; weights: string; per: number };

export interface MeasureDefinition {
  id: string;
  name: string;
  description: string;
  whyItMatters: string;
  tags: readonly string[];
  polarity: MeasurePolarity;
  numerator: BnfSelection;
  denominator: MeasureDenominator;
  /** Where the codes come from, and under what licence. */
  source: { url: string; licence: string; note: string };
  authoredBy: string;
  checkedBy: string;
  nextReview: string;
}

const PATTERN = /^[0-9]{2}[0-9A-Z]*(%[0-9A-Z]+)?$/;
const ID = /^[a-z0-9][a-z0-9-]{1,60}$/;
const VALUES: readonly MeasureValue[] = ['items', 'quantity', 'adq', 'cost'];
const POLARITIES: readonly MeasurePolarity[] = ['low_is_good', 'high_is_good', 'neither'];

/** Does `code` match the BNF pattern (a prefix, or prefix%ending)? */
export function matchesPattern(code: string, pattern: string): boolean {
  const cut = pattern.indexOf('%');
  if (cut < 0) return code.startsWith(pattern);
  const prefix = pattern.slice(0, cut);
  const ending = pattern.slice(cut + 1);
  return code.length >= prefix.length + ending.length && code.startsWith(prefix) && code.endsWith(ending);
}

/** Is `code` selected: matched by an included pattern and by no excluded one? */
export function selects(selection: Pick<BnfSelection, 'include' | 'exclude'>, code: string): boolean {
  return (
    selection.include.some((p) => matchesPattern(code, p)) &&
    !selection.exclude.some((p) => matchesPattern(code, p))
  );
}

/** Reads a measure's JSON (as written in measures/*.json); throws naming the file and the field. */
export function parseMeasure(file: string, json: unknown): MeasureDefinition {
  const fail = (field: string, expected: string): never => {
    throw new Error(`${file}: ${field}: expected ${expected}`);
  };
  const o = asObject(json) ?? fail('(top)', 'an object');
  const text = (field: string): string => {
    const v = o[field];
    return typeof v === 'string' && v.trim() !== '' ? v : fail(field, 'a non-empty text');
  };
  const id = text('id');
  if (!ID.test(id)) fail('id', 'lower-case letters, digits and hyphens');
  const selection = (field: string, raw: unknown): BnfSelection => {
    const s = asObject(raw) ?? fail(field, 'an object');
    const value = s.value;
    if (!VALUES.includes(value as MeasureValue)) fail(`${field}.value`, VALUES.join(', '));
    const patterns = (name: string, required: boolean): string[] => {
      const list = s[name] ?? (required ? null : []);
      if (!Array.isArray(list) || (required && list.length === 0))
        fail(`${field}.${name}`, 'a list of BNF patterns');
      for (const p of list as unknown[]) {
        if (typeof p !== 'string' || !PATTERN.test(p))
          fail(`${field}.${name}`, `BNF patterns, not '${String(p)}'`);
      }
      return list as string[];
    };
    return {
      value: value as MeasureValue,
      include: patterns('bnf', true),
      exclude: patterns('exclude', false),
    };
  };
  const rawDenominator = asObject(o.denominator) ?? fail('denominator', 'an object');
  let denominator: MeasureDenominator;
  if ('population' in rawDenominator) {
    const per = rawDenominator.per ?? 1000;
    if (typeof per !== 'number' || per <= 0) fail('denominator.per', 'a positive number');
    if (rawDenominator.population === 'star_pu') {
      const weights = rawDenominator.weights;
      if (typeof weights !== 'string' || !/^[a-z0-9_-]+$/.test(weights))
        fail('denominator.weights', 'the name of a STAR-PU weights group');
      denominator = {
        kind: 'population',
        population: 'star_pu',
        weights: weights as string,
        per: per as number,
      };
    } else {
      if (rawDenominator.population !== 'list_size')
        fail('denominator.population', "'list_size' or 'star_pu'");
      denominator = { kind: 'population', population: 'list_size', per: per as number };
    }
  } else {
    denominator = { kind: 'bnf', ...selection('denominator', rawDenominator) };
  }
  const polarity = o.polarity;
  if (!POLARITIES.includes(polarity as MeasurePolarity)) fail('polarity', POLARITIES.join(', '));
  const tags = o.tags;
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) fail('tags', 'a list of words');
  const source = asObject(o.source) ?? fail('source', 'an object with url, licence and note');
  const nextReview = text('next_review');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(nextReview)) fail('next_review', 'a date YYYY-MM-DD');
  return {
    id,
    name: text('name'),
    description: text('description'),
    whyItMatters: text('why_it_matters'),
    tags: tags as string[],
    polarity: polarity as MeasurePolarity,
    numerator: selection('numerator', o.numerator),
    denominator,
    source: {
      url: typeof source.url === 'string' ? source.url : fail('source.url', 'a URL'),
      licence: typeof source.licence === 'string' ? source.licence : fail('source.licence', 'a licence'),
      note: typeof source.note === 'string' ? source.note : '',
    },
    authoredBy: text('authored_by'),
    checkedBy: text('checked_by'),
    nextReview,
  };
}

function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** The measure's value for one practice: a percentage, or a rate per `per` patients; null when undefined. */
export function measureRatio(
  measure: MeasureDefinition,
  numerator: number,
  denominator: number,
): number | null {
  if (!(denominator > 0)) return null;
  const scale = measure.denominator.kind === 'population' ? measure.denominator.per : 100;
  return (numerator / denominator) * scale;
}

/** The unit the ratio is in, for people. */
export function measureUnit(measure: MeasureDefinition): string {
  if (measure.denominator.kind === 'bnf') return '%';
  const what = { items: 'items', quantity: 'units', adq: 'ADQs', cost: '£' }[measure.numerator.value];
  const per = measure.denominator.per.toLocaleString('en-GB');
  return measure.denominator.population === 'star_pu'
    ? `${what} per ${per} STAR-PUs`
    : `${what} per ${per} patients`;
}
