// A value with its 95% and 99.8% limits, by the indicator's type (src/stats): proportion → Wilson,
// rate → Byar (exact Poisson below 10 events).
import type { IndicatorType } from '../../domain/indicators/definition.ts';
import { BOTH_LEVELS, proportion, rate } from '../../stats/index.ts';

export interface ValueWithLimits {
  value: number | null;
  lower95: number | null;
  upper95: number | null;
  lower998: number | null;
  upper998: number | null;
}

export const NO_VALUE: ValueWithLimits = {
  value: null,
  lower95: null,
  upper95: null,
  lower998: null,
  upper998: null,
};

export function valueWithLimits(
  type: IndicatorType,
  numerator: number,
  denominator: number,
  multiplier: number,
): ValueWithLimits {
  if (!(denominator > 0)) return NO_VALUE;
  const result =
    type === 'rate'
      ? rate(numerator, denominator, BOTH_LEVELS, multiplier)
      : proportion(numerator, denominator, BOTH_LEVELS, multiplier);
  const [l95, l998] = result.limits;
  return {
    value: result.value,
    lower95: l95?.lower ?? null,
    upper95: l95?.upper ?? null,
    lower998: l998?.lower ?? null,
    upper998: l998?.upper ?? null,
  };
}
