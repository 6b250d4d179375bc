// The checks on practice codes that need more than one row or the database:
// - every practice-level fact names a well-formed ODS practice code (a letter and five digits);
// - a fact about a practice that neither the store nor this file names is either kept, with the
//   practice added by its code alone (old extracts name practices that closed before today's ODS
//   file: the IMD 2010 scores alone name 359), or rejects the file when the caller requires it.

import type { Kysely } from 'kysely';
import type { FactRecord } from '../../domain/records.ts';
import { ImportError } from '../../ingest/import-error.ts';
import { practiceCodeOf } from '../../ingest/read.ts';
import type { Database } from '../../store/schema.ts';
import { locateValue } from './locate-row.ts';

const PRACTICE_CODE = /^[A-Z]\d{5}$/;

export class PracticeCodes {
  /** Practices the store or this file names. */
  private readonly known: Set<string>;
  /** Practices facts refer to that were not known when seen (this file may name them later). */
  private readonly referenced = new Set<string>();
  private malformed: string | null = null;

  private constructor(known: Set<string>) {
    this.known = known;
  }

  static async load(db: Kysely<Database>): Promise<PracticeCodes> {
    const rows = await db.selectFrom('organisation').select('code').where('kind', '=', 'practice').execute();
    return new PracticeCodes(new Set(rows.map((r) => r.code)));
  }

  has(code: string): boolean {
    return this.known.has(code);
  }

  /** Notes the practice a record is about. Returns false when the code is malformed. */
  see(record: FactRecord): boolean {
    const code = practiceCodeOf(record);
    if (code === null) return true;
    if (!PRACTICE_CODE.test(code)) {
      this.malformed = code;
      return false;
    }
    if (record.kind === 'organisation') this.known.add(code);
    else if (!this.known.has(code)) this.referenced.add(code);
    return true;
  }

  /** Practices that facts refer to and that nothing names, in code order. */
  unknown(): string[] {
    return [...this.referenced].filter((code) => !this.known.has(code)).sort();
  }

  /** The rejection for the malformed code `see` found, pointing at the row that holds it. */
  async malformedError(path: string, hasHeader: boolean): Promise<ImportError> {
    const code = this.malformed ?? '';
    const at = await locateValue(path, code, hasHeader);
    return new ImportError({
      code: 'invalid_value',
      file: at.file,
      line: at.line,
      column: at.column,
      expected: 'an ODS practice code (a letter and five digits, e.g. A81001)',
      found: code,
    });
  }

  async unknownError(path: string, hasHeader: boolean, codes: readonly string[]): Promise<ImportError> {
    const code = codes[0] ?? '';
    const at = await locateValue(path, code, hasHeader);
    const more = codes.length > 1 ? `${codes.length - 1} more practice codes are unknown too` : undefined;
    return new ImportError(
      {
        code: 'unknown_practice',
        file: at.file,
        line: at.line,
        column: at.column,
        expected: 'the code of a practice already imported (import the ODS or mapping file first)',
        found: code,
      },
      more,
    );
  }
}
