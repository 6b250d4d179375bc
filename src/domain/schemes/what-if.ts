// What-if: a scheme definition with some rules changed (thresholds, points, £ per point, targets, a
// cap), re-validated like a file, and the two calculations compared practice by practice: total cost,
// the change per practice, winners and losers. Pure: the caller calculates both sides.
import type { SchemeDefinition } from './definition.ts';
import { compareCodes, type SchemeCalculation } from './statement.ts';
import { type SchemeValidation, validateScheme } from './validate.ts';

/** Changes by item code; a field left out (or null) keeps the definition's value. */
export interface WhatIfChanges {
  /** QOF: £ per point. */
  poundsPerPoint?: number | null;
  /** Quality premium and local: £ per registered patient cap. */
  capPerPatient?: number | null;
  items?: Record<string, ItemChange>;
}

export interface ItemChange {
  points?: number | null;
  lowerThreshold?: number | null;
  upperThreshold?: number | null;
  /** Quality premium absolute target value; local absolute target or the change on the baseline/peers. */
  target?: number | null;
}

/** The definition with the changes applied, validated as a new version (never saved by a what-if). */
export function applyWhatIf(definition: SchemeDefinition, changes: WhatIfChanges): SchemeValidation {
  const copy = structuredClone(definition) as SchemeDefinition;
  copy.version = definition.version + 1;
  const items = changes.items ?? {};
  const set = <T>(value: T | null | undefined, apply: (v: T) => void) => {
    if (value !== null && value !== undefined) apply(value);
  };
  if (copy.kind === 'qof') {
    set(changes.poundsPerPoint, (v) => {
      copy.poundsPerPoint = v;
    });
    for (const indicator of copy.indicators) {
      const change = items[indicator.code];
      if (!change) continue;
      set(change.points, (v) => {
        indicator.points = v;
      });
      set(change.lowerThreshold, (v) => {
        indicator.lowerThreshold = v;
      });
      set(change.upperThreshold, (v) => {
        indicator.upperThreshold = v;
      });
    }
  } else if (copy.kind === 'quality_premium') {
    set(changes.capPerPatient, (v) => {
      copy.capPerPatient = v;
    });
    for (const measure of copy.measures) {
      set(items[measure.code]?.target, (v) => {
        measure.target =
          measure.target.type === 'absolute'
            ? { type: 'absolute', value: v }
            : { type: 'improvement', change: v, relativePercent: null };
      });
    }
  } else {
    set(changes.capPerPatient, (v) => {
      copy.capPerPatient = v;
    });
    for (const indicator of copy.indicators) {
      set(items[indicator.code]?.target, (v) => {
        const t = indicator.target;
        indicator.target =
          t.relativeTo === 'absolute' ? { relativeTo: 'absolute', value: v } : { ...t, change: v };
      });
    }
  }
  return validateScheme(JSON.parse(JSON.stringify(copy)));
}

export interface PracticeChange {
  orgCode: string;
  before: number;
  after: number;
  /** after − before, to the penny. */
  change: number;
}

export interface WhatIfComparison {
  totalBefore: number;
  totalAfter: number;
  totalChange: number;
  /** Every organisation in either calculation, by code. */
  changes: PracticeChange[];
  /** Gains, largest first. */
  winners: PracticeChange[];
  /** Losses, largest first. */
  losers: PracticeChange[];
}

const pence = (pounds: number): number => Math.round(pounds * 100);

export function compareCalculations(before: SchemeCalculation, after: SchemeCalculation): WhatIfComparison {
  const amounts = new Map<string, { before: number; after: number }>();
  for (const s of before.statements) amounts.set(s.orgCode, { before: pence(s.amount), after: 0 });
  for (const s of after.statements) {
    const entry = amounts.get(s.orgCode) ?? { before: 0, after: 0 };
    entry.after = pence(s.amount);
    amounts.set(s.orgCode, entry);
  }
  const changes = [...amounts]
    .map(([orgCode, a]) => ({
      orgCode,
      before: a.before / 100,
      after: a.after / 100,
      change: (a.after - a.before) / 100,
    }))
    .sort((a, b) => compareCodes(a.orgCode, b.orgCode));
  const byMagnitude = (a: PracticeChange, b: PracticeChange) =>
    Math.abs(b.change) - Math.abs(a.change) || compareCodes(a.orgCode, b.orgCode);
  return {
    totalBefore: before.totalAmount,
    totalAfter: after.totalAmount,
    totalChange: (pence(after.totalAmount) - pence(before.totalAmount)) / 100,
    changes,
    winners: changes.filter((c) => c.change > 0).sort(byMagnitude),
    losers: changes.filter((c) => c.change < 0).sort(byMagnitude),
  };
}
