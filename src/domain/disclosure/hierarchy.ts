/**
 * Disclosure control for one indicator and period across every area at once: practices nested in PCNs,
 * sub-ICB locations, ICBs, regions and England, each area's total published beside its parts on some
 * page. Protecting each page's table on its own is not enough, because two pages choosing different
 * secondary cells give each other's hidden counts away by subtraction (a sub-ICB total on one page, the
 * same practices on another). So one pattern is computed for the whole hierarchy, and every page
 * shows the cells of that one pattern.
 *
 * The lines that must never hold exactly one suppressed figure:
 * - each practice's row: counted, not counted (denominator − counted), and its denominator as the total
 *   (for proportions; a rate's numerator and denominator are protected as two separate columns);
 * - each area's row of totals, the same way;
 * - for each area and each column: the area's own practices that belong to no smaller area, the totals
 *   of its child areas (PCNs in a sub-ICB location, sub-ICB locations in an ICB …), and its total. The
 *   nesting means a hidden practice is protected against its PCN's total, and a hidden PCN total against
 *   the sub-ICB location's, so no total minus shown parts leaves a single hidden figure at any level.
 *
 * When a line has exactly one suppressed figure, its smallest non-zero shown part is suppressed too (a
 * zero only if nothing else is left, the total when no part is); this repeats until nothing changes.
 */
import { type DisclosureRule, isPrimarySuppressed, type PublishedCount, roundCount } from './rule.ts';

export interface HierarchyMember {
  code: string;
  numerator: number;
  denominator: number;
  /** The areas the practice is counted in, smallest first (e.g. PCN, sub-ICB, ICB, region, England). */
  areas: readonly string[];
}

export interface ProtectedCounts {
  numerator: PublishedCount;
  denominator: PublishedCount;
}

export interface ProtectedHierarchy {
  /** True when every numerator is at most its denominator (protected with its complement). */
  proportion: boolean;
  practices: Map<string, ProtectedCounts>;
  areas: Map<string, ProtectedCounts>;
}

/** Which of a practice's or area's figures are hidden, as bits: 1 numerator, 2 complement, 4 denominator. */
export type HiddenMask = number;
export const HIDDEN_NUMERATOR = 1;
export const HIDDEN_COMPLEMENT = 2;
export const HIDDEN_DENOMINATOR = 4;

export interface HierarchyPattern {
  proportion: boolean;
  /** Only the practices and areas with something hidden (most have nothing). */
  practices: Map<string, HiddenMask>;
  areas: Map<string, HiddenMask>;
}

/**
 * The suppression pattern alone (compact enough to cache per indicator and period).
 *
 * Built on flat typed arrays so that a pattern for every practice in England (≈6,500 practices, 1,250
 * PCNs, 106 sub-ICB locations, 42 ICBs, 7 regions) takes milliseconds: each line is a run of slot
 * numbers (`lineSlots` from `lineStart[k]`), each slot knows the lines it is in (`slotLines`), and a
 * worklist (a stack of line numbers) rechecks only the lines holding a figure just hidden. Lines are
 * visited and parts compared in the same order as the plain version kept in `hierarchy-reference.ts`,
 * so both hide exactly the same cells (test/domain/disclosure.test.ts checks it).
 *
 * Kept as one function: its worklist must visit lines in exactly the order `hierarchyPatternReference`
 * does, and the two read side by side only while each is whole.
 */
export function hierarchyPattern(
  rule: DisclosureRule,
  members: readonly HierarchyMember[],
): HierarchyPattern {
  const count = members.length;
  let proportion = true;
  for (let i = 0; i < count; i++) {
    const m = members[i]!;
    if (!(m.numerator >= 0 && m.numerator <= m.denominator)) {
      proportion = false;
      break;
    }
  }
  // Columns: proportion → counted, not counted, denominator (the row total); rate → numerator, denominator.
  const columns = proportion ? 3 : 2;

  // Units: practices 0 … count − 1, then areas in order of first appearance. `chain` holds each
  // practice's areas as unit numbers, from `chainStart[i]`.
  const areaIndex = new Map<string, number>();
  const chainStart = new Int32Array(count + 1);
  let chainLength = 0;
  for (let i = 0; i < count; i++) chainLength += members[i]!.areas.length;
  const chain = new Int32Array(chainLength);
  for (let i = 0, at = 0; i < count; i++) {
    chainStart[i] = at;
    for (const a of members[i]!.areas) {
      let index = areaIndex.get(a);
      if (index === undefined) {
        index = areaIndex.size;
        areaIndex.set(a, index);
      }
      chain[at++] = count + index;
    }
    chainStart[i + 1] = at;
  }
  const units = count + areaIndex.size;
  const slots = units * columns;

  // Values: practices as given, areas as the sums of their practices (so every line adds up).
  const value = new Float64Array(slots);
  for (let i = 0; i < count; i++) {
    const m = members[i]!;
    const n = Math.round(m.numerator);
    const d = Math.round(m.denominator);
    const base = i * columns;
    value[base] = n;
    if (proportion) {
      value[base + 1] = d - n;
      value[base + 2] = d;
    } else value[base + 1] = d;
    for (let at = chainStart[i]!; at < chainStart[i + 1]!; at++) {
      const area = chain[at]! * columns;
      for (let c = 0; c < columns; c++) value[area + c]! += value[base + c]!;
    }
  }
  const hidden = new Uint8Array(slots);
  for (let s = 0; s < slots; s++) hidden[s] = isPrimarySuppressed(rule, value[s]!) ? 1 : 0;

  // Parts of each area: practices whose smallest area it is, and its child areas — each once, in order
  // of first appearance; areas ranked by when they first get a part.
  const pairParent: number[] = [];
  const pairPart: number[] = [];
  const rank = new Int32Array(units).fill(-1);
  const parents: number[] = [];
  const firstParent = new Int32Array(units).fill(-1);
  const otherPairs = new Set<number>(); // a child area with a second parent (areas not nested): rare
  const addPart = (parent: number, part: number, once: boolean) => {
    if (rank[parent] === -1) {
      rank[parent] = parents.length;
      parents.push(parent);
    }
    if (!once) {
      if (firstParent[part] === parent) return;
      if (firstParent[part] === -1) firstParent[part] = parent;
      else {
        const key = parent * units + part;
        if (otherPairs.has(key)) return;
        otherPairs.add(key);
      }
    }
    pairParent.push(parent);
    pairPart.push(part);
  };
  for (let i = 0; i < count; i++) {
    const from = chainStart[i]!;
    const to = chainStart[i + 1]!;
    if (from === to) continue;
    addPart(chain[from]!, i, true); // a practice is a part of one area only
    for (let at = from; at + 1 < to; at++) addPart(chain[at + 1]!, chain[at]!, false);
  }
  const partStart = new Int32Array(parents.length + 1);
  for (const parent of pairParent) partStart[rank[parent]! + 1]!++;
  for (let r = 0; r < parents.length; r++) partStart[r + 1]! += partStart[r]!;
  const partUnits = new Int32Array(pairPart.length);
  const fill = partStart.slice(0, parents.length);
  for (let p = 0; p < pairPart.length; p++) partUnits[fill[rank[pairParent[p]!]!]!++] = pairPart[p]!;

  // Lines: each unit's row (proportions), then each area's parts with its total, column by column.
  const rowLines = proportion ? units : 0;
  const lineCount = rowLines + parents.length * columns;
  const lineStart = new Int32Array(lineCount + 1);
  let slotsInLines = rowLines * 3;
  for (let r = 0; r < parents.length; r++) slotsInLines += (partStart[r + 1]! - partStart[r]! + 1) * columns;
  const lineSlots = new Int32Array(slotsInLines);
  let at = 0;
  let k = 0;
  for (let u = 0; u < rowLines; u++) {
    lineStart[k++] = at;
    lineSlots[at++] = u * 3;
    lineSlots[at++] = u * 3 + 1;
    lineSlots[at++] = u * 3 + 2;
  }
  for (let r = 0; r < parents.length; r++)
    for (let c = 0; c < columns; c++) {
      lineStart[k++] = at;
      for (let p = partStart[r]!; p < partStart[r + 1]!; p++) lineSlots[at++] = partUnits[p]! * columns + c;
      lineSlots[at++] = parents[r]! * columns + c;
    }
  lineStart[k] = at;

  // The lines each slot is in, in line order.
  const slotStart = new Int32Array(slots + 1);
  for (let p = 0; p < slotsInLines; p++) slotStart[lineSlots[p]! + 1]!++;
  for (let s = 0; s < slots; s++) slotStart[s + 1]! += slotStart[s]!;
  const slotLines = new Int32Array(slotsInLines);
  const place = slotStart.slice(0, slots);
  for (let line = 0; line < lineCount; line++)
    for (let p = lineStart[line]!; p < lineStart[line + 1]!; p++) slotLines[place[lineSlots[p]!]!++] = line;

  // A worklist: every line once, then only the lines holding a figure that has just been hidden. When a
  // line has exactly one hidden figure, its smallest non-zero shown part is hidden (else its first shown
  // zero, else its total).
  const queued = new Uint8Array(lineCount).fill(1);
  const stack = new Int32Array(lineCount);
  let top = 0;
  for (let line = 0; line < lineCount; line++) stack[top++] = line;
  while (top > 0) {
    const line = stack[--top]!;
    queued[line] = 0;
    const from = lineStart[line]!;
    const to = lineStart[line + 1]!;
    let hiddenInLine = 0;
    for (let p = from; p < to && hiddenInLine < 2; p++) hiddenInLine += hidden[lineSlots[p]!]!;
    if (hiddenInLine !== 1) continue;
    let best = -1;
    let bestZero = -1;
    for (let p = from; p < to - 1; p++) {
      const s = lineSlots[p]!;
      if (hidden[s]) continue;
      const v = value[s]!;
      if (v !== 0) {
        if (best === -1 || v < value[best]!) best = s;
      } else if (bestZero === -1) bestZero = s;
    }
    let chosen = best !== -1 ? best : bestZero;
    if (chosen === -1) {
      const total = lineSlots[to - 1]!;
      if (hidden[total]) continue;
      chosen = total;
    }
    hidden[chosen] = 1;
    for (let p = slotStart[chosen]!; p < slotStart[chosen + 1]!; p++) {
      const j = slotLines[p]!;
      if (!queued[j]) {
        queued[j] = 1;
        stack[top++] = j;
      }
    }
  }

  const maskOf = (unit: number): HiddenMask => {
    const base = unit * columns;
    return proportion
      ? hidden[base]! * HIDDEN_NUMERATOR +
          hidden[base + 1]! * HIDDEN_COMPLEMENT +
          hidden[base + 2]! * HIDDEN_DENOMINATOR
      : hidden[base]! * HIDDEN_NUMERATOR + hidden[base + 1]! * HIDDEN_DENOMINATOR;
  };
  const practices = new Map<string, HiddenMask>();
  for (let i = 0; i < count; i++) {
    const mask = maskOf(i);
    if (mask !== 0) practices.set(members[i]!.code, mask);
  }
  const areas = new Map<string, HiddenMask>();
  for (const [code, index] of areaIndex) {
    const mask = maskOf(count + index);
    if (mask !== 0) areas.set(code, mask);
  }
  return { proportion, practices, areas };
}

/**
 * Publishes one practice's or area's counts under a pattern: suppressed where the mask says, otherwise
 * rounded by the rule. A numerator is also treated as hidden when its complement is (for a proportion,
 * the denominator would give it back).
 */
export function publishUnder(
  rule: DisclosureRule,
  mask: HiddenMask,
  numerator: number,
  denominator: number,
): ProtectedCounts {
  return {
    numerator:
      mask & (HIDDEN_NUMERATOR | HIDDEN_COMPLEMENT)
        ? { kind: 'suppressed' }
        : { kind: 'shown', value: roundCount(rule, numerator) },
    denominator:
      mask & HIDDEN_DENOMINATOR
        ? { kind: 'suppressed' }
        : { kind: 'shown', value: roundCount(rule, denominator) },
  };
}

/** The pattern with every count published (handy for tests and small tables). */
export function protectHierarchy(
  rule: DisclosureRule,
  members: readonly HierarchyMember[],
): ProtectedHierarchy {
  const pattern = hierarchyPattern(rule, members);
  const practices = new Map<string, ProtectedCounts>();
  const totals = new Map<string, { n: number; d: number }>();
  for (const m of members) {
    practices.set(m.code, publishUnder(rule, pattern.practices.get(m.code) ?? 0, m.numerator, m.denominator));
    for (const a of m.areas) {
      const t = totals.get(a) ?? { n: 0, d: 0 };
      t.n += Math.round(m.numerator);
      t.d += Math.round(m.denominator);
      totals.set(a, t);
    }
  }
  const areas = new Map<string, ProtectedCounts>();
  for (const [code, t] of totals) areas.set(code, publishUnder(rule, pattern.areas.get(code) ?? 0, t.n, t.d));
  return { proportion: pattern.proportion, practices, areas };
}
