/**
 * Fair flags (issue 12): Fairview's headline judgment of a practice's figure, on top of the exact
 * reference methods of src/stats — calibrated so that practices differing only by their population
 * and legitimate variation are flagged at about the nominal rate, whatever their size, deprivation or
 * age structure — and the headline SPC signal about the recent months. Method notes with references:
 * docs/casemix-and-peers.md, "The headline judgment".
 */
export type { Calibration } from './calibration.ts';
export { calibrationOf } from './calibration.ts';
export type { JudgmentFit, JudgmentUnit, UnitJudgment } from './judge.ts';
export { EXACT_FROM_Z, judge, TAIL_95, TAIL_99_8 } from './judge.ts';
export type { CountModel, PredictiveInput, PredictiveResult } from './predictive.ts';
export { lowerTail, predictiveMidP, upperTail } from './predictive.ts';
export type {
  HeadlineSpc,
  HeadlineSpcSignal,
  SeasonalAdjustment,
  SeasonalSeriesPoint,
} from './seasonal-spc.ts';
export {
  adjustToEngland,
  HELD_OUT_POINTS,
  headlineSpc,
  MIN_HEADLINE_POINTS,
  RECENT_POINTS,
} from './seasonal-spc.ts';
export type { RandomEffectsFit } from './tau2.ts';
export {
  cappedSquareExpectation,
  derSimonianLaird,
  LOCATION_TUNING,
  robustRandomEffects,
  SCALE_TUNING,
} from './tau2.ts';
export type { HeadlineBasis, HeadlineVerdict, VerdictKey, VerdictLevel } from './verdict.ts';
export { headlineBasisFor, headlineVerdict, isFlagged, isFunnelFlag, VERDICTS } from './verdict.ts';
export type { HeadlineWhyInput } from './why.ts';
export { BASIS_NAME, headlineWhy } from './why.ts';

/** Recorded in every release's method version: change it whenever a judgment would change. */
export const JUDGMENT_METHOD_VERSION = 'judgment-1';
