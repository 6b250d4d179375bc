// The scheme use cases (docs/schemes.md): read and record definitions, gather inputs from a release,
// imported QOF achievement or a file, calculate and store statements reproducibly, read them back.

export {
  appealsOf,
  decideAppeal,
  type PracticeStatementView,
  raiseAppeal,
  statementFor,
} from './appeals.ts';
export { submitForApproval } from './approval.ts';
export { type Approval, type ApprovalStatus, approvalOf } from './approval-state.ts';
export { calculationTotals, latestDefinition, listSchemes, openMeetings } from './browse.ts';
export {
  type CalculateOptions,
  type CalculateOutcome,
  CalculationMismatchError,
  calculateAndStore,
  calculateWithChecksums,
  type InputsSourceKind,
  inputsFingerprint,
} from './calculate.ts';
export { type CalculationSummary, findCalculation } from './context.ts';
export {
  readSchemeFile,
  SchemeVersionConflictError,
  saveSchemeVersion,
  schemeDefinitionHash,
} from './definitions.ts';
export { commissionerPractices, distributionsOf, proposeDistribution } from './distribution.ts';
export { readInputsFile, readParticipantsFile } from './input-files.ts';
export {
  findReleaseByName,
  inputsFromAchievement,
  inputsFromRelease,
  previousYear,
  type ReleaseInputOptions,
  schemeIndicatorCodes,
  withCommissionerLists,
} from './inputs.ts';
export { SchemeInputsError } from './inputs-error.ts';
export { PAYABLE_COLUMNS, payableFileCsv, payableRows } from './payable.ts';
export { latestCalculation, statementLines } from './read-statements.ts';
export { runWhatIf, type WhatIfOutcome } from './what-if.ts';
