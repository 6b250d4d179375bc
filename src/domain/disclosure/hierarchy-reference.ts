/**
 * The plain version of `hierarchyPattern` (hierarchy.ts): the same lines, the same worklist order and
 * the same choice of the next cell to hide, written with arrays of arrays and sets — the first version.
 * At England scale it allocates a list per line and per slot and spends most of its time collecting
 * them (35–80 ms per indicator and period once compiled, 0.15–0.3 s cold, more on a busy machine), so
 * pages use the typed-array version; this one is kept as its specification, and the tests and the
 * benchmark (bench/disclosure.bench.ts) check that both hide the same cells.
 */
import {
  HIDDEN_COMPLEMENT,
  HIDDEN_DENOMINATOR,
  HIDDEN_NUMERATOR,
  type HiddenMask,
  type HierarchyMember,
  type HierarchyPattern,
} from './hierarchy.ts';
import { type DisclosureRule, isPrimarySuppressed } from './rule.ts';

/** Kept as one function: it is the specification the typed-array version is checked against. */
export function hierarchyPatternReference(
  rule: DisclosureRule,
  members: readonly HierarchyMember[],
): HierarchyPattern {
  const proportion = members.every((m) => m.numerator >= 0 && m.numerator <= m.denominator);
  // Columns: proportion → counted, not counted, denominator (the row total); rate → numerator, denominator.
  const columns = proportion ? 3 : 2;
  const areaIndex = new Map<string, number>();
  for (const m of members) for (const a of m.areas) if (!areaIndex.has(a)) areaIndex.set(a, areaIndex.size);
  const units = members.length + areaIndex.size;
  const value = new Float64Array(units * columns);
  const hidden = new Uint8Array(units * columns);
  const slot = (unit: number, column: number) => unit * columns + column;
  const areaUnit = (code: string) => members.length + areaIndex.get(code)!;

  // Values: practices as given, areas as the sums of their practices (so every line adds up).
  members.forEach((m, i) => {
    const n = Math.round(m.numerator);
    const d = Math.round(m.denominator);
    const cells = proportion ? [n, d - n, d] : [n, d];
    cells.forEach((v, c) => {
      value[slot(i, c)] = v;
      for (const a of m.areas) value[slot(areaUnit(a), c)]! += v;
    });
  });
  for (let s = 0; s < value.length; s++) hidden[s] = isPrimarySuppressed(rule, value[s]!) ? 1 : 0;

  // Parts of each area: practices whose smallest area it is, and its child areas.
  const parts = new Map<number, Set<number>>();
  const addPart = (parent: number, part: number) => {
    const set = parts.get(parent) ?? new Set<number>();
    set.add(part);
    parts.set(parent, set);
  };
  members.forEach((m, i) => {
    if (m.areas.length === 0) return;
    addPart(areaUnit(m.areas[0]!), i);
    for (let j = 0; j + 1 < m.areas.length; j++) addPart(areaUnit(m.areas[j + 1]!), areaUnit(m.areas[j]!));
  });

  const lines: number[][] = [];
  if (proportion) for (let u = 0; u < units; u++) lines.push([slot(u, 0), slot(u, 1), slot(u, 2)]);
  for (const [area, set] of parts)
    for (let c = 0; c < columns; c++) lines.push([...[...set].map((u) => slot(u, c)), slot(area, c)]);

  // A worklist: every line once, then only the lines holding a figure that has just been hidden.
  const linesOf: number[][] = Array.from({ length: value.length }, () => []);
  lines.forEach((line, k) => {
    for (const s of line) linesOf[s]!.push(k);
  });
  const queued = new Uint8Array(lines.length).fill(1);
  const queue: number[] = lines.map((_, k) => k);
  while (queue.length > 0) {
    const k = queue.pop()!;
    queued[k] = 0;
    const line = lines[k]!;
    let count = 0;
    for (const s of line) count += hidden[s]!;
    if (count !== 1) continue;
    const next = nextToSuppress(line, value, hidden);
    if (next === null) continue;
    hidden[next] = 1;
    for (const j of linesOf[next]!)
      if (!queued[j]) {
        queued[j] = 1;
        queue.push(j);
      }
  }

  const maskOf = (unit: number): HiddenMask =>
    proportion
      ? hidden[slot(unit, 0)]! * HIDDEN_NUMERATOR +
        hidden[slot(unit, 1)]! * HIDDEN_COMPLEMENT +
        hidden[slot(unit, 2)]! * HIDDEN_DENOMINATOR
      : hidden[slot(unit, 0)]! * HIDDEN_NUMERATOR + hidden[slot(unit, 1)]! * HIDDEN_DENOMINATOR;
  const practices = new Map<string, HiddenMask>();
  members.forEach((m, i) => {
    const mask = maskOf(i);
    if (mask !== 0) practices.set(m.code, mask);
  });
  const areas = new Map<string, HiddenMask>();
  for (const [code] of areaIndex) {
    const mask = maskOf(areaUnit(code));
    if (mask !== 0) areas.set(code, mask);
  }
  return { proportion, practices, areas };
}

/** The smallest non-zero shown part of the line, else the smallest shown part, else its total. */
function nextToSuppress(line: number[], value: Float64Array, hidden: Uint8Array): number | null {
  let best: number | null = null;
  let bestZero: number | null = null;
  for (let k = 0; k < line.length - 1; k++) {
    const s = line[k]!;
    if (hidden[s]) continue;
    if (value[s] !== 0) {
      if (best === null || value[s]! < value[best]!) best = s;
    } else if (bestZero === null) bestZero = s;
  }
  if (best !== null) return best;
  if (bestZero !== null) return bestZero;
  const total = line[line.length - 1]!;
  return hidden[total] ? null : total;
}
