/**
 * An in-process cache of the benchmarking pages' rendered responses (page, /api JSON, CSV, Excel) for
 * visitors who are not signed in: a bounded LRU (entries, bytes and age) of status, headers and body.
 *
 * Why it is safe (src/web/routes/benchmarking/context.ts uses it, docs/openness.md):
 * - Only requests with no live session are looked up or stored (`c.get('session') === null`). Every
 *   such visitor gets the same disclosure-controlled view of a published release: the policy answers
 *   the same for every anonymous user, the page has no per-visitor content (no CSRF token, no name, no
 *   "Raise a concern"), and full figures are only ever rendered for a signed-in viewer, whose requests
 *   bypass the cache entirely — they never read it and never fill it.
 * - Only published releases are cached, keyed by the release's id (resolved from the database on every
 *   request, so a release published by the CLI in another process is seen at once) and the full path
 *   and query. A published release's rows never change (recompute refuses to replace one; a draft
 *   replaced gets a new id), so the key names the content; when a newer release is published the
 *   latest-release pages resolve to a new id and the old entries are simply never asked for again.
 * - What a page shows beside the release can change. The peers page names peers as the sub-ICB
 *   locations' data-sharing settings say, so its key also holds the locations that name them (one small
 *   query); organisation names and hierarchy change only with an import, so the key also holds the
 *   organisations' version read with the release (the latest import batch): an entry made before an
 *   import is never served after it. Every entry still expires after `maxAgeMs` (5 minutes by default).
 * - Only 200 responses are stored, never a Set-Cookie header.
 *
 * FAIRVIEW_VISITOR_CACHE=off (or 0) turns it off (the page benchmark measures both ways).
 */

export interface CachedResponse {
  status: number;
  /** The response's own headers (not Set-Cookie), as the handler made them. */
  headers: Record<string, string>;
  body: Uint8Array;
}

interface Entry extends CachedResponse {
  bytes: number;
  storedAt: number;
}

export interface VisitorCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  maxAgeMs?: number;
  /** The clock (tests move it). */
  now?: () => number;
}

export interface VisitorCacheStats {
  hits: number;
  misses: number;
  stores: number;
  entries: number;
  bytes: number;
}

export const VISITOR_CACHE_DEFAULTS = {
  maxEntries: 500,
  maxBytes: 64 * 2 ** 20,
  maxAgeMs: 5 * 60_000,
} as const;

/** The header that says whether a visitor's response came from the cache: "hit" or "miss". */
export const CACHE_HEADER = 'X-Fairview-Cache';

/** False when FAIRVIEW_VISITOR_CACHE is "off", "0" or "false". */
export function visitorCacheEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.FAIRVIEW_VISITOR_CACHE?.trim().toLowerCase();
  return !(v === 'off' || v === '0' || v === 'false');
}

/** `varies`: whatever else the page shows that may change (the peers page: who names peers). */
export function visitorCacheKey(
  release: { id: number; organisationsVersion: string },
  pathAndQuery: string,
  varies = '',
): string {
  return `${release.id} ${release.organisationsVersion} ${pathAndQuery} ${varies}`;
}

export class VisitorCache {
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly maxAgeMs: number;
  private readonly now: () => number;
  /** Insertion order is recency order: a hit moves its entry to the end, eviction takes the first. */
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private stores = 0;

  constructor(options: VisitorCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? VISITOR_CACHE_DEFAULTS.maxEntries;
    this.maxBytes = options.maxBytes ?? VISITOR_CACHE_DEFAULTS.maxBytes;
    this.maxAgeMs = options.maxAgeMs ?? VISITOR_CACHE_DEFAULTS.maxAgeMs;
    this.now = options.now ?? Date.now;
  }

  get(key: string): CachedResponse | null {
    const entry = this.entries.get(key);
    if (!entry || this.now() - entry.storedAt > this.maxAgeMs) {
      if (entry) this.delete(key, entry);
      this.misses++;
      return null;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry;
  }

  /** Stores a response; one larger than an eighth of the byte budget is not kept. */
  set(key: string, response: CachedResponse): void {
    const bytes = response.body.byteLength + key.length * 2 + 256;
    if (this.maxEntries <= 0 || bytes > this.maxBytes / 8) return;
    const old = this.entries.get(key);
    if (old) this.delete(key, old);
    this.entries.set(key, { ...response, bytes, storedAt: this.now() });
    this.bytes += bytes;
    this.stores++;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.delete(k, e);
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  stats(): VisitorCacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      stores: this.stores,
      entries: this.entries.size,
      bytes: this.bytes,
    };
  }

  private delete(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
