// The public face of the scheme engine (docs/schemes.md): definitions and their validation, the
// calculation into payment statements, standing rules, and the statement CSV.

export { SCHEME_ACTIONS, type SchemeAction } from './access.ts';
export { calculateScheme } from './calculate.ts';
export { canonicalSchemeJson } from './canonical.ts';
export { describeProblem, type SchemeProblem } from './checker.ts';
export type * from './definition.ts';
export { SCHEME_KINDS } from './definition.ts';
export {
  AGE_SEX_WEIGHTS,
  DISTRIBUTION_LABELS,
  DISTRIBUTION_OPTIONS,
  type DistributionOption,
  distributePremium,
  rawWeightedPatients,
  weightedLists,
} from './distribution.ts';
export { deprivationQuintiles, type EquityView, equityView, LIST_SIZE_BANDS } from './equity.ts';
export type * from './inputs.ts';
export { emptyCounts, practiceInput } from './inputs.ts';
export { ASSUMED_CONSENT, bestBand, calculateLocal } from './local.ts';
export { calculatePremium, premiumTarget } from './premium.ts';
export { calculateQof, qofNationalFigures } from './qof.ts';
export { achievementPercent, listSizeFactor, pointsForAchievement, prevalenceFactor } from './qof-rules.ts';
export { daysInclusive, pounds, roundTo } from './rounding.ts';
export {
  checkStandingRules,
  describeStandingRule,
  readStandingRules,
  type StandingRule,
  type StandingRuleContext,
  type StandingRuleResult,
  type StandingRulesCheck,
} from './standing-rules.ts';
export type * from './statement.ts';
export { compareCodes } from './statement.ts';
export { lineCells, STATEMENT_COLUMNS, statementsCsv } from './statement-csv.ts';
export { parseSchemeText, type SchemeValidation, validateScheme } from './validate.ts';
export { applyWhatIf, compareCalculations, type WhatIfChanges, type WhatIfComparison } from './what-if.ts';
