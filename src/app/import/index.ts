// The import use case: one file (importFile) or many files and folders (importPaths).
export { importFile } from './import-file.ts';
export { type ImportPathsOptions, importOrder, importPaths, type QueuedFile } from './import-paths.ts';
export type {
  CountedReason,
  ImportedOutcome,
  ImportOptions,
  ImportOutcome,
  ImportProgress,
  PathOutcome,
  RejectedOutcome,
  RowRejection,
} from './outcome.ts';
