// The indicator catalogue as people read it (issue 17): every indicator's current definition, its
// versions with what changed from the one before, and the published releases that used each version.
// Definitions are open data, so anyone may read this; draft releases are left out because only some
// people may know they exist.
import type { Kysely } from 'kysely';
import type { IndicatorVersion } from '../../domain/indicators/definition.ts';
import type { Database } from '../../store/schema.ts';
import { toVersion } from './catalogue.ts';

export interface CatalogueFilter {
  /** Matched against code and name, case-insensitively. */
  q?: string;
  domain?: string;
  type?: string;
  polarity?: string;
}

export interface CatalogueVersion {
  version: number;
  createdAt: string;
  createdBy: string;
  /** The definition's fields that differ from the previous version (empty for version 1). */
  changed: string[];
  /** Published releases computed with this version, oldest first. */
  releases: string[];
}

export interface CatalogueEntry {
  code: string;
  name: string;
  domain: string;
  type: string;
  polarity: string;
  periodType: string;
  source: string;
  origin: string;
  caveats: string | null;
  versions: CatalogueVersion[];
}

export interface Catalogue {
  entries: CatalogueEntry[];
  /** Every domain, type and polarity in the catalogue, for the filter's choices. */
  domains: string[];
  types: string[];
  polarities: string[];
}

/** The definition fields a version can change, in the order they are reported. */
const FIELDS: readonly (keyof IndicatorVersion)[] = [
  'name',
  'domain',
  'type',
  'numerator',
  'denominator',
  'multiplier',
  'polarity',
  'periodType',
  'source',
  'caveats',
  'disclosureRule',
  'computation',
];

function changedFields(before: IndicatorVersion | undefined, after: IndicatorVersion): string[] {
  if (!before) return [];
  return FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f])) as string[];
}

const iso = (d: Date | string): string => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** The catalogue, filtered; entries in code order. */
export async function readCatalogue(db: Kysely<Database>, filter: CatalogueFilter = {}): Promise<Catalogue> {
  const rows = await db.selectFrom('indicator').selectAll().orderBy('code').orderBy('version').execute();
  const uses = await db
    .selectFrom('release_indicator as ri')
    .innerJoin('release as r', 'r.id', 'ri.release_id')
    .select(['ri.indicator_id', 'r.name'])
    .where('r.status', '=', 'published')
    .orderBy('r.id')
    .execute();
  const releasesOf = new Map<number, string[]>();
  for (const u of uses) {
    const list = releasesOf.get(u.indicator_id) ?? [];
    list.push(u.name);
    releasesOf.set(u.indicator_id, list);
  }
  const byCode = new Map<string, CatalogueEntry>();
  let previous: IndicatorVersion | undefined;
  for (const row of rows) {
    const v = toVersion(row);
    if (previous?.code !== v.code) previous = undefined;
    const entry: CatalogueEntry = {
      code: v.code,
      name: v.name,
      domain: v.domain,
      type: v.type,
      polarity: v.polarity,
      periodType: v.periodType,
      source: v.source,
      origin: v.origin,
      caveats: v.caveats,
      versions: [...(byCode.get(v.code)?.versions ?? [])],
    };
    entry.versions.push({
      version: v.version,
      createdAt: iso(row.created_at),
      createdBy: row.created_by,
      changed: changedFields(previous, v),
      releases: releasesOf.get(row.id) ?? [],
    });
    byCode.set(v.code, entry);
    previous = v;
  }
  const all = [...byCode.values()];
  const distinct = (f: (e: CatalogueEntry) => string) => [...new Set(all.map(f))].sort();
  const q = filter.q?.trim().toLowerCase() ?? '';
  const entries = all.filter(
    (e) =>
      (q === '' || e.code.toLowerCase().includes(q) || e.name.toLowerCase().includes(q)) &&
      (!filter.domain || e.domain === filter.domain) &&
      (!filter.type || e.type === filter.type) &&
      (!filter.polarity || e.polarity === filter.polarity),
  );
  return {
    entries,
    domains: distinct((e) => e.domain),
    types: distinct((e) => e.type),
    polarities: distinct((e) => e.polarity),
  };
}
