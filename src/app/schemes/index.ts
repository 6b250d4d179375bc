// The scheme use cases (docs/schemes.md): read and record definitions, gather inputs from a release,
// imported QOF achievement or a file, calculate and store statements reproducibly, read them back.
export {
  type CalculateOptions,
  type CalculateOutcome,
  CalculationMismatchError,
  calculateAndStore,
  calculateWithChecksums,
  type InputsSourceKind,
  inputsFingerprint,
} from './calculate.ts';
export {
  readSchemeFile,
  SchemeVersionConflictError,
  saveSchemeVersion,
  schemeDefinitionHash,
} from './definitions.ts';
export {
  findReleaseByName,
  inputsFromAchievement,
  inputsFromRelease,
  previousYear,
  type ReleaseInputOptions,
  readInputsFile,
  readParticipantsFile,
  SchemeInputsError,
  schemeIndicatorCodes,
} from './inputs.ts';
export { latestCalculation, statementLines } from './read-statements.ts';
