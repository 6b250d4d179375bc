// Finds where a value sits in a file, for errors found after the reader has moved on: the facts a
// reader yields do not carry their line, so a check that fails in the use case (a malformed or
// unknown practice code) reads the file again to point at the first row holding the value. This
// runs only on the way to rejecting a file, so its cost does not matter.

import { CsvScanner } from '../../ingest/csv-scanner.ts';
import { openSource } from '../../ingest/source.ts';

export interface Location {
  /** As errors name it: `file.csv.gz`, or `archive.zip!entry.csv`. */
  file: string;
  line: number | null;
  column: string | null;
}

/** The first row whose field equals `value` (after trimming); `hasHeader` names the column from row 1. */
export async function locateValue(path: string, value: string, hasHeader: boolean): Promise<Location> {
  const source = await openSource(path);
  const hit: { found: Location | null } = { found: null };
  let file = source.fileName;
  for await (const entry of source.entries()) {
    file = entry.displayName;
    let header: string[] | null = null;
    const scanner = new CsvScanner(entry.displayName, (row) => {
      if (hit.found) return;
      if (hasHeader && header === null) {
        header = row.texts();
        return;
      }
      for (let i = 0; i < row.length; i++) {
        if (row.text(i).trim() === value) {
          hit.found = { file: entry.displayName, line: row.line, column: header?.[i] ?? `column ${i + 1}` };
          return;
        }
      }
    });
    scanner.invalidUtf8 = 'windows-1252';
    for await (const chunk of entry.chunks) {
      if (!hit.found) scanner.push(chunk);
    }
    if (!hit.found) scanner.end();
    if (hit.found) return hit.found;
  }
  return { file, line: null, column: null };
}

export interface SourceLine {
  /** The header's names, or null for a headerless file. */
  header: string[] | null;
  fields: string[];
}

/** The fields of the row starting at `line` in the part named `part` (as errors name it). */
export async function readLine(
  path: string,
  part: string,
  line: number,
  hasHeader: boolean,
): Promise<SourceLine | null> {
  const source = await openSource(path);
  const hit: { found: SourceLine | null } = { found: null };
  for await (const entry of source.entries()) {
    if (entry.displayName !== part) {
      for await (const _ of entry.chunks); // skip another zip entry
      continue;
    }
    let header: string[] | null = null;
    const scanner = new CsvScanner(entry.displayName, (row) => {
      if (hit.found) return;
      if (hasHeader && header === null) header = row.texts();
      if (row.line === line) hit.found = { header, fields: row.texts() };
    });
    scanner.invalidUtf8 = 'windows-1252';
    for await (const chunk of entry.chunks) {
      if (!hit.found) scanner.push(chunk);
    }
    if (!hit.found) scanner.end();
    return hit.found;
  }
  return null;
}
