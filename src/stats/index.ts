/**
 * The public statistics API: pure functions over arrays of rows, numbers in and numbers out
 * (../shared/spec/statistics.md). Everything a TypeScript user or the `fairview stats` command needs
 * is exported from here; the other files in this folder are implementation details (R emulation
 * helpers, rule internals) and may change without notice.
 */

// Comparison with a benchmark, quantile groups.
export type { BenchmarkComparison, BenchmarkInput, Polarity } from './benchmark.ts';
export {
  compareWithBenchmark,
  deciles,
  quantileCuts,
  quantileGroups,
  quantileType7,
  quintiles,
} from './benchmark.ts';
export type { ConfidenceLevel, ConfidenceLevels, LevelLimits } from './confidence.ts';
export {
  BOTH_LEVELS,
  confidenceLabel,
  confidenceLevels,
  levelKey,
  limitColumns,
  limitsAsColumns,
  zFor,
} from './confidence.ts';

// Values with confidence limits (PHEindicatormethods).
export type { CountRow, GroupedCountRow } from './count-input.ts';
export { pchisq, pnorm, ppois, qchisq, qnorm, qt, twoSidedZ } from './distributions.ts';
export type { DsrMethod, DsrOptions, DsrResult, DsrRow } from './dsr.ts';
export { dsrByGroup } from './dsr.ts';
// Errors, confidence levels, distributions.
export { StatsInputError } from './errors.ts';
export type { StandardBand } from './esp2013.ts';
export { ESP2013, ESP2013_POPULATIONS, esp2013Population } from './esp2013.ts';
export type { PheFunnelOptions, PheFunnelRow, PheFunnelStatistic, PheRateType } from './funnel-phe-common.ts';
export type {
  PheFunnelLimitRow,
  PheFunnelLimitsOptions,
  PheFunnelLimitsTable,
  PheRatioType,
} from './funnel-phe-limits.ts';
export { calculateFunnelLimits } from './funnel-phe-limits.ts';
export type {
  PheFunnelFlag,
  PheFunnelRowResult,
  PheFunnelRowsOptions,
  PheFunnelRowsResult,
} from './funnel-phe-rows.ts';
export { pheFunnelRows } from './funnel-phe-rows.ts';
export type { PheFunnelPoint, PheSignificance, PheSignificanceResult } from './funnel-phe-significance.ts';
export { assignFunnelSignificance, calculateFunnelPoints } from './funnel-phe-significance.ts';
export type { PlotrOptions, PlotrResult, PlotrRow, PlotrSummary, PlotrUnit } from './funnel-plotr.ts';
export { funnelPlotR } from './funnel-plotr.ts';
export type { PlotrDataType, PlotrGridRow } from './funnel-plotr-limits.ts';
export { PLOTR_Z95, PLOTR_Z998 } from './funnel-plotr-limits.ts';
// Funnels: shared types, PHEindicatormethods (Fingertips), FunnelPlotR.
export type { FunnelFlag, FunnelLimits } from './funnel-types.ts';
export { flagAgainstLimits } from './funnel-types.ts';
// The regularised incomplete gamma and log Γ behind them (for Fairview's own judgment layer).
export { gammaTails, lgamma } from './incomplete-gamma.ts';
export type { IsrOptions, IsrReference, IsrResult, IsrRow } from './isr.ts';
export { isrByGroup } from './isr.ts';
export type { GroupedMeanResult, GroupedMeanRow, MeanOptions, MeanResult } from './mean.ts';
export { mean, meanOf, meansByGroup } from './mean.ts';
export type { PoissonMethod } from './poisson-limits.ts';
export {
  byarLower,
  byarUpper,
  exactLower,
  exactUpper,
  poissonLimits,
  poissonMethod,
} from './poisson-limits.ts';
export type { GroupedProportionResult, ProportionOptions, ProportionResult } from './proportion.ts';
export { proportion, proportions, proportionsByGroup, wilsonLower, wilsonUpper } from './proportion.ts';
export type { GroupedRateResult, RateOptions, RateResult } from './rate.ts';
export { rate, rates, ratesByGroup } from './rate.ts';
export { SHORT_GROUP_THRESHOLD, spc } from './spc.ts';
export { assuranceIconOf, assuranceTypeOf, spcIcons, spcSummary, variationIconOf } from './spc-summary.ts';
// Statistical process control (NHSRplotthedots).
export type * from './spc-types.ts';
