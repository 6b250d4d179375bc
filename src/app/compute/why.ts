// The "why is this flagged" sentence stored with each practice result (the case-mix engineer's
// builder, src/domain/casemix/why-flagged.ts), from the crude comparison with England and the
// adjusted funnel flag.
import { type CaseMixResult, whyFlagged } from '../../domain/casemix/index.ts';
import type { IndicatorVersion } from '../../domain/indicators/definition.ts';
import type { BenchmarkComparison } from '../../stats/index.ts';
import type { ResultRow } from './period-results.ts';

export function whySentence(
  indicator: IndicatorVersion,
  row: ResultRow,
  adjusted: CaseMixResult | null,
): string | null {
  if (row.value === null || row.value === undefined) return null;
  return whyFlagged({
    england95: (row.cmp_england ?? 'not_compared') as BenchmarkComparison,
    england99_8: (row.cmp_england_998 ?? 'not_compared') as BenchmarkComparison,
    polarity: indicator.polarity,
    adjustedFlag: adjusted?.flag ?? null,
  }).text;
}
