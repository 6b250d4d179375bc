// The "why is this flagged" sentence stored with each practice result: the headline judgment's, which
// names the comparison that made the verdict and gives the crude comparison with England as context
// (src/domain/judgment/why.ts).
import type { IndicatorVersion } from '../../domain/indicators/definition.ts';
import { type HeadlineBasis, headlineWhy } from '../../domain/judgment/index.ts';
import type { BenchmarkComparison } from '../../stats/index.ts';
import type { ResultRow } from './period-results.ts';

export function whySentence(indicator: IndicatorVersion, row: ResultRow): string | null {
  if (row.value === null || row.value === undefined) return null;
  return headlineWhy({
    flag: row.headline_flag ?? null,
    basis: (row.headline_basis ?? null) as HeadlineBasis | null,
    polarity: indicator.polarity,
    england95: (row.cmp_england ?? 'not_compared') as BenchmarkComparison,
    england99_8: (row.cmp_england_998 ?? 'not_compared') as BenchmarkComparison,
  });
}
