// What a published release was made from, and what changed between two of them (issue 17): its
// checksum and inputs fingerprint, the imported files (batches) it read, the indicator versions and
// method version it used; and, against an earlier release, the indicators whose definition or results
// changed, the files that came or went, and the practices whose headline flag appeared, cleared or
// changed. Only published releases: a draft's existence is embargoed.
import { type Kysely, sql } from 'kysely';
import type { Database, Release } from '../../store/schema.ts';
import { findPublishedRelease } from './public-release.ts';

export interface ReleaseInput {
  batchId: number;
  fileName: string;
  format: string;
  period: string | null;
  publisher: string;
  checksum: string;
  importedAt: string;
}

export interface ReleaseIndicatorVersion {
  code: string;
  name: string;
  version: number;
  inputsHash: string | null;
  resultsChecksum: string | null;
}

export interface Provenance {
  release: Release;
  inputs: ReleaseInput[];
  indicators: ReleaseIndicatorVersion[];
}

const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();

export async function releaseProvenance(db: Kysely<Database>, name: string): Promise<Provenance | null> {
  const release = await findPublishedRelease(db, name);
  if (!release) return null;
  const batches = await db
    .selectFrom('release_batch as rb')
    .innerJoin('import_batch as b', 'b.id', 'rb.batch_id')
    .select(['b.id', 'b.file_name', 'b.format', 'b.period', 'b.publisher', 'b.checksum', 'b.imported_at'])
    .where('rb.release_id', '=', release.id)
    .orderBy('b.id')
    .execute();
  const indicators = await db
    .selectFrom('release_indicator as ri')
    .innerJoin('indicator as i', 'i.id', 'ri.indicator_id')
    .select(['i.code', 'i.name', 'i.version', 'ri.inputs_hash', 'ri.results_checksum'])
    .where('ri.release_id', '=', release.id)
    .orderBy('i.code')
    .execute();
  return {
    release,
    inputs: batches.map((b) => ({
      batchId: b.id,
      fileName: b.file_name,
      format: b.format,
      period: b.period,
      publisher: b.publisher,
      checksum: b.checksum,
      importedAt: iso(b.imported_at),
    })),
    indicators: indicators.map((i) => ({
      code: i.code,
      name: i.name,
      version: i.version,
      inputsHash: i.inputs_hash,
      resultsChecksum: i.results_checksum,
    })),
  };
}

export type IndicatorChange = 'added' | 'removed' | 'new version' | 'results changed' | 'unchanged';

export interface FlagChange {
  indicator: string;
  period: string;
  practice: string;
  before: string;
  after: string;
}

export interface ReleaseChanges {
  from: Provenance;
  to: Provenance;
  indicators: {
    code: string;
    name: string;
    change: IndicatorChange;
    from: number | null;
    to: number | null;
  }[];
  filesAdded: ReleaseInput[];
  filesRemoved: ReleaseInput[];
  /** Practices × indicator × period in both releases whose headline flag differs. */
  flags: { appeared: number; cleared: number; changed: number; sample: FlagChange[] };
}

/** At most this many flag changes are listed; the counts cover them all. */
export const FLAG_SAMPLE = 200;

const flagged = (f: string | null): boolean => f !== null && f !== 'none';

/** What changed from release `fromName` to release `toName`; null when either is not published. */
export async function releaseChanges(
  db: Kysely<Database>,
  fromName: string,
  toName: string,
): Promise<ReleaseChanges | null> {
  const [from, to] = await Promise.all([releaseProvenance(db, fromName), releaseProvenance(db, toName)]);
  if (!from || !to) return null;
  const before = new Map(from.indicators.map((i) => [i.code, i]));
  const after = new Map(to.indicators.map((i) => [i.code, i]));
  const codes = [...new Set([...before.keys(), ...after.keys()])].sort();
  const indicators = codes.map((code) => {
    const b = before.get(code);
    const a = after.get(code);
    const change: IndicatorChange = !b
      ? 'added'
      : !a
        ? 'removed'
        : a.version !== b.version
          ? 'new version'
          : a.resultsChecksum !== b.resultsChecksum
            ? 'results changed'
            : 'unchanged';
    return { code, name: (a ?? b)!.name, change, from: b?.version ?? null, to: a?.version ?? null };
  });
  const fromFiles = new Set(from.inputs.map((i) => i.batchId));
  const toFiles = new Set(to.inputs.map((i) => i.batchId));

  // Headline flags of the same practice, indicator (by code) and period in both releases.
  const rows = await sql<{
    code: string;
    period: string;
    practice: string;
    before: string | null;
    after: string | null;
  }>`
    select ia.code as code, a.period as period, a.area_code as practice,
           a.headline_flag as before, b.headline_flag as after
    from result a
    join indicator ia on ia.id = a.indicator_id
    join result b on b.release_id = ${to.release.id} and b.area_kind = 'practice'
                 and b.area_code = a.area_code and b.period = a.period
    join indicator ib on ib.id = b.indicator_id and ib.code = ia.code
    where a.release_id = ${from.release.id} and a.area_kind = 'practice'
      and coalesce(a.headline_flag, 'none') <> coalesce(b.headline_flag, 'none')
    order by ia.code, a.period, a.area_code`.execute(db);
  const flags = { appeared: 0, cleared: 0, changed: 0, sample: [] as FlagChange[] };
  for (const r of rows.rows) {
    if (!flagged(r.before)) flags.appeared++;
    else if (!flagged(r.after)) flags.cleared++;
    else flags.changed++;
    if (flags.sample.length < FLAG_SAMPLE)
      flags.sample.push({
        indicator: r.code,
        period: r.period,
        practice: r.practice,
        before: r.before ?? 'none',
        after: r.after ?? 'none',
      });
  }
  return {
    from,
    to,
    indicators,
    filesAdded: to.inputs.filter((i) => !fromFiles.has(i.batchId)),
    filesRemoved: from.inputs.filter((i) => !toFiles.has(i.batchId)),
    flags,
  };
}
