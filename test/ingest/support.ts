// Helpers for the ingest tests: read a file fully, write generated files into a temp folder.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FactRecord } from '../../src/domain/records.ts';
import { type ReadSummary, readImport } from '../../src/ingest/read.ts';
import type { ReadOptions } from '../../src/ingest/reader.ts';
import { NHS_DATA } from '../support/nhs-data.ts';

export const NHS = NHS_DATA;

export async function readAll(
  path: string,
  options: ReadOptions = {},
): Promise<{ records: FactRecord[]; summary: ReadSummary }> {
  const reading = readImport(path, options);
  const records: FactRecord[] = [];
  for await (const record of reading.records) records.push(record);
  return { records, summary: reading.summary };
}

export function ofKind<K extends FactRecord['kind']>(
  records: FactRecord[],
  kind: K,
): Extract<FactRecord, { kind: K }>[] {
  return records.filter((r): r is Extract<FactRecord, { kind: K }> => r.kind === kind);
}

export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'fairview-ingest-'));

  write(name: string, content: string | Uint8Array): string {
    const path = join(this.path, name);
    writeFileSync(path, content);
    return path;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
