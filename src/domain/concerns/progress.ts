/**
 * An improvement plan's progress: the indicator re-measured in each release after the plan, read
 * against the target in the indicator's direction. Pure.
 */
import type { Polarity } from '../indicators/definition.ts';

export interface Measurement {
  releaseId: number;
  releaseName: string;
  period: string;
  value: number | null;
}

export interface ProgressPoint extends Measurement {
  /** null when the value is missing or the indicator makes no judgement of direction. */
  targetMet: boolean | null;
  /** Change from the baseline (null when either is missing). */
  change: number | null;
}

export function targetMet(value: number | null, target: number, polarity: Polarity): boolean | null {
  if (value === null) return null;
  if (polarity === 'higher_is_better') return value >= target;
  if (polarity === 'lower_is_better') return value <= target;
  return null;
}

export function progressOf(
  baseline: number | null,
  target: number,
  polarity: Polarity,
  later: readonly Measurement[],
): ProgressPoint[] {
  return later.map((m) => ({
    ...m,
    targetMet: targetMet(m.value, target, polarity),
    change: m.value === null || baseline === null ? null : m.value - baseline,
  }));
}
