/**
 * Case-mix adjustment (issue 4): expected counts for each practice from its registered population
 * (age-sex structure) and deprivation, observed ÷ expected on an SR funnel, and the plain-English
 * "why is this flagged" sentence. Method notes for analysts and GPs: docs/casemix-and-peers.md.
 */
export type { AgeSexBand, BroadAgeBand, BroadPopulation, PopulationCount } from './age-bands.ts';
export {
  AGE_SEX_BANDS,
  ageSexBandLabel,
  ageShares,
  BROAD_AGE_BANDS,
  broadBandOf,
  broadPopulation,
  patientsIn,
} from './age-bands.ts';
export type {
  CaseMixComparison,
  CaseMixComparisonOptions,
  CaseMixFunnelSummary,
  CaseMixMethod,
  CaseMixResult,
} from './comparison.ts';
export { caseMixComparison } from './comparison.ts';
export type { DesignMatrix, IrlsOptions, LogisticData, LogisticFit } from './logistic-irls.ts';
export { fitLogistic } from './logistic-irls.ts';
export type {
  CaseMixExclusion,
  CaseMixModel,
  CaseMixModelOptions,
  CaseMixTerm,
  CaseMixTermKind,
  CaseMixUnit,
} from './model.ts';
export {
  CASEMIX_METHOD_VERSION,
  describeModel,
  expectedCount,
  expectedProbability,
  fitCaseMixModel,
  MODEL_BANDS,
  REFERENCE_BAND,
} from './model.ts';
export type { IndirectExpected, ReferenceRate } from './reference-rates.ts';
export { indirectlyStandardise } from './reference-rates.ts';
export type { Direction, Finding, SignificanceLevel, WhyFlagged, WhyFlaggedInput } from './why-flagged.ts';
export { adjustedFinding, crudeFinding, whyFlagged } from './why-flagged.ts';
