/**
 * Rows of published releases, kept in memory once read (issue 11, finding 9: under 200 clients every
 * signed-in page read the same result rows again; on PGlite's single session the peers page's read of
 * 21 practices' results alone took 0.3–1.6 s, and every query of every request waits for it).
 *
 * Why it is safe:
 * - Only releases whose status is `published` are kept. A published release's rows never change
 *   (recompute refuses to replace one; a draft replaced gets a new id), so what was read once is what
 *   a second read would return, in this process or any other. Drafts are always read afresh.
 * - What is kept is the release's own rows, before disclosure control: every caller applies the
 *   viewer's control to them exactly as it did to rows it had just read. Nothing per viewer is kept.
 * - The arrays and the rows in them are frozen, so a caller that tried to change a shared row (for
 *   example to blank a count for a visitor) would throw instead of changing it for the next viewer.
 * - Bounded: at most `maxRows` rows in all (least recently used dropped first); a set larger than a
 *   quarter of that is read but not kept. FAIRVIEW_RELEASE_ROW_CACHE sets the bound (0 turns it off).
 */
import type { ReleaseStatus } from '../../store/schema.ts';

export interface ReleaseRef {
  id: number;
  status: ReleaseStatus;
}

interface Entry {
  rows: readonly unknown[];
}

export const RELEASE_ROW_CACHE_DEFAULT = 100_000;

export function releaseRowCacheSize(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.FAIRVIEW_RELEASE_ROW_CACHE?.trim();
  if (!text) return RELEASE_ROW_CACHE_DEFAULT;
  const n = Number.parseInt(text, 10);
  return Number.isFinite(n) && n >= 0 ? n : RELEASE_ROW_CACHE_DEFAULT;
}

export class PublishedRows {
  /** Insertion order is recency order: a hit moves its entry to the end, eviction takes the first. */
  private readonly entries = new Map<string, Entry>();
  /** Reads under way, so that visitors asking at once share one query. */
  private readonly loading = new Map<string, Promise<readonly unknown[]>>();
  private rowCount = 0;
  private hits = 0;
  private misses = 0;

  constructor(readonly maxRows: number = releaseRowCacheSize()) {}

  /** `load()`'s rows for `key` of `release`: from memory when the release is published and they were read. */
  async rows<T>(release: ReleaseRef, key: string, load: () => Promise<T[]>): Promise<readonly T[]> {
    if (release.status !== 'published' || this.maxRows <= 0) return load();
    const id = `${release.id} ${key}`;
    const entry = this.entries.get(id);
    if (entry) {
      this.entries.delete(id);
      this.entries.set(id, entry);
      this.hits++;
      return entry.rows as readonly T[];
    }
    this.misses++;
    const pending = this.loading.get(id);
    if (pending) return (await pending) as readonly T[];
    const read = load().then((rows) => freezeRows(rows));
    this.loading.set(id, read);
    try {
      const rows = await read;
      this.keep(id, rows);
      return rows;
    } finally {
      this.loading.delete(id);
    }
  }

  /**
   * `rows()` for the keys `${prefix} ${code}` of several codes at once: the rows already kept are taken
   * from memory and those of every code not kept are read by ONE `load(missing)`, sorted back to their
   * codes by `codeOf` and kept each under its own key (a code with no rows is kept as none). The rows
   * come back in the order of `codes`.
   */
  async rowsOfEach<T>(
    release: ReleaseRef,
    prefix: string,
    codes: readonly string[],
    codeOf: (row: T) => string,
    load: (missing: readonly string[]) => Promise<T[]>,
  ): Promise<readonly T[]> {
    if (release.status !== 'published' || this.maxRows <= 0) return load(codes);
    const idOf = (code: string) => `${release.id} ${prefix} ${code}`;
    const found = new Map<string, readonly T[] | Promise<readonly unknown[]>>();
    const missing: string[] = [];
    for (const code of new Set(codes)) {
      const id = idOf(code);
      const entry = this.entries.get(id);
      if (entry) {
        this.entries.delete(id);
        this.entries.set(id, entry);
        this.hits++;
        found.set(code, entry.rows as readonly T[]);
        continue;
      }
      this.misses++;
      const pending = this.loading.get(id);
      if (pending) found.set(code, pending);
      else missing.push(code);
    }
    if (missing.length > 0) {
      const read = load(missing).then((rows) => {
        const byCode = new Map<string, T[]>(missing.map((code) => [code, []]));
        for (const row of rows) byCode.get(codeOf(row))?.push(row);
        return new Map([...byCode].map(([code, each]) => [code, freezeRows(each)] as const));
      });
      for (const code of missing) {
        const one = read.then((byCode) => byCode.get(code)!);
        // A failed read is the caller's to see (below); the per-code promises only share it.
        one.catch(() => {});
        this.loading.set(idOf(code), one);
        found.set(code, one);
      }
      try {
        const byCode = await read;
        for (const [code, rows] of byCode) this.keep(idOf(code), rows);
      } finally {
        for (const code of missing) this.loading.delete(idOf(code));
      }
    }
    const out: T[] = [];
    for (const code of codes) out.push(...((await found.get(code)!) as readonly T[]));
    return out;
  }

  clear(): void {
    this.entries.clear();
    this.rowCount = 0;
  }

  stats(): { hits: number; misses: number; entries: number; rows: number } {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size, rows: this.rowCount };
  }

  private keep(id: string, rows: readonly unknown[]): void {
    const weight = Math.max(1, rows.length);
    if (weight > this.maxRows / 4) return;
    this.entries.set(id, { rows });
    this.rowCount += weight;
    for (const [k, e] of this.entries) {
      if (this.rowCount <= this.maxRows) break;
      this.entries.delete(k);
      this.rowCount -= Math.max(1, e.rows.length);
    }
  }
}

function freezeRows<T>(rows: T[]): readonly T[] {
  for (const row of rows) if (row !== null && typeof row === 'object') Object.freeze(row);
  return Object.freeze(rows);
}

/** The process's one cache of published rows (the benchmarking queries read through it). */
export const publishedRows = new PublishedRows();
