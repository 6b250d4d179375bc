/**
 * The attacker of issue 11 (findings 1 and 2), as code: given what a page or export publishes about
 * an organisation — counts rounded to 5 (or suppressed), a value and its limits, an observed ÷ expected
 * ratio and its expected count — it tries to get the true counts back:
 *
 * - value → counts: every (numerator, denominator) within ±2 of the published counts (the rounding
 *   window) whose proportion or rate reproduces the published value and limits to 12 significant
 *   figures; a single match that differs from the published counts is a recovery;
 * - ratio × expected: the count the ratio was made from;
 * - differencing: a line (an area's total and its parts) with one unknown part, each other figure known
 *   exactly where an attack above recovered it and otherwise to its rounding window: the unknown part's
 *   interval; a single value is a recovery.
 *
 * A recovery counts only when it is the truth and the truth is not what was published (recovering a
 * count that rounding left unchanged gives nothing away: the attacker cannot tell it from the others).
 */
import { proportion } from '../../src/stats/proportion.ts';
import { rate } from '../../src/stats/rate.ts';

export interface Published {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  lower95?: number | null;
  upper95?: number | null;
  ratio?: number | null;
  expected?: number | null;
}

export interface Truth {
  numerator: number;
  denominator: number;
}

export type Kind = 'proportion' | 'rate';

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

function windowOf(p: number | null, lowest: number): number[] {
  if (p === null) return [];
  const out: number[] = [];
  for (let v = Math.max(lowest, p - 2); v <= p + 2; v++) out.push(v);
  return out;
}

/** The pairs within the rounding window that reproduce the published value (and limits when given). */
export function valueSearch(p: Published, kind: Kind, multiplier: number): Truth[] {
  if (p.value === null || p.numerator === null || p.denominator === null) return [];
  const found: Truth[] = [];
  for (const n of windowOf(p.numerator, 0))
    for (const d of windowOf(p.denominator, 1)) {
      if (kind === 'proportion' && n > d) continue;
      const made = kind === 'rate' ? rate(n, d, [0.95], multiplier) : proportion(n, d, [0.95], multiplier);
      if (made.value === null || !close(made.value, p.value)) continue;
      const l = made.limits[0]!;
      if (p.lower95 != null && (l.lower === null || !close(l.lower, p.lower95))) continue;
      if (p.upper95 != null && (l.upper === null || !close(l.upper, p.upper95))) continue;
      found.push({ numerator: n, denominator: d });
    }
  return found;
}

export interface Recovery {
  how: 'value' | 'ratio×expected' | 'differencing';
  code: string;
  truth: number;
  published: number | null;
}

/** What the value search and ratio × expected give back about one row (recoveries only). */
export function attackRow(
  code: string,
  p: Published,
  truth: Truth,
  kind: Kind,
  multiplier: number,
): Recovery[] {
  const out: Recovery[] = [];
  const matches = valueSearch(p, kind, multiplier);
  if (matches.length === 1) {
    const m = matches[0]!;
    const same = m.numerator === truth.numerator && m.denominator === truth.denominator;
    const differs = truth.numerator !== p.numerator || truth.denominator !== p.denominator;
    if (same && differs) out.push({ how: 'value', code, truth: truth.numerator, published: p.numerator });
  }
  if (p.ratio != null && p.expected != null) {
    const n = Math.round(p.ratio * p.expected);
    if (Math.abs(p.ratio * p.expected - n) < 1e-6 && n === truth.numerator && truth.numerator !== p.numerator)
      out.push({ how: 'ratio×expected', code, truth: truth.numerator, published: p.numerator });
  }
  return out;
}

/** The attacker's knowledge of a count: exact (recovered) or an interval. */
export interface Known {
  lo: number;
  hi: number;
}

export function knownOf(published: number | null, recovered: number | null): Known | null {
  if (recovered !== null) return { lo: recovered, hi: recovered };
  if (published === null) return null;
  return { lo: Math.max(0, published - 2), hi: published + 2 };
}

/**
 * One line: a total and its parts. When exactly one part is unknown (suppressed) and the total and
 * every other part are known, the unknown part's interval; a recovery when it holds one value only,
 * the truth, inside the suppressed range.
 */
export function attackLine(
  total: Known | null,
  parts: { code: string; known: Known | null; truth: number }[],
): Recovery[] {
  if (!total) return [];
  const unknown = parts.filter((p) => p.known === null);
  if (unknown.length !== 1) return [];
  const lo = total.lo - parts.reduce((s, p) => s + (p.known ? p.known.hi : 0), 0);
  const hi = total.hi - parts.reduce((s, p) => s + (p.known ? p.known.lo : 0), 0);
  const target = unknown[0]!;
  if (Math.max(lo, 0) === hi && hi === target.truth)
    return [{ how: 'differencing', code: target.code, truth: target.truth, published: null }];
  return [];
}
