// The public face of src/ingest: what the import use case and the CLI use.

export type { FactRecord, FormatId, ImportFormat } from '../domain/records.ts';
export { FORMATS } from './formats.ts';
export { ImportError, type ImportErrorCode } from './import-error.ts';
export {
  type DetectedPart,
  detectFile,
  type ImportReading,
  type LocatedBatch,
  practiceCodeOf,
  type ReadSummary,
  readFile,
  readImport,
} from './read.ts';
export type { PartSummary, ReadOptions, ReadProgress } from './reader.ts';
export { type Container, fileChecksum, openSource, type Source } from './source.ts';
