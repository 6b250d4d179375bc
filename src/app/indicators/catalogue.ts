// The indicator catalogue in the store: save a definition (a new version only when it changed),
// read the current versions. Every new version is audited in the same transaction.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  type Computation,
  canonicalDefinition,
  definitionProblems,
  type IndicatorDefinition,
  type IndicatorVersion,
} from '../../domain/indicators/definition.ts';
import type { Database, Indicator } from '../../store/schema.ts';
import { writeAudit } from '../auth/audit.ts';

export class IndicatorDefinitionError extends Error {
  constructor(
    readonly code: string,
    readonly problems: string[],
  ) {
    super(`indicator ${code}: ${problems.join('; ')}`);
    this.name = 'IndicatorDefinitionError';
  }
}

export interface SavedIndicator {
  indicator: IndicatorVersion;
  /** False when the latest version already had this definition (nothing was written). */
  created: boolean;
}

export function definitionHash(definition: IndicatorDefinition): string {
  return createHash('sha256').update(canonicalDefinition(definition)).digest('hex');
}

/**
 * Saves `definition` as version 1, or as latest + 1 if it differs from the latest version; an
 * identical definition is left alone. Pass a transaction to make it part of a larger change.
 */
export async function saveIndicator(
  db: Kysely<Database>,
  definition: IndicatorDefinition,
  actor: string,
  now: Date,
): Promise<SavedIndicator> {
  const problems = definitionProblems(definition);
  if (problems.length > 0) throw new IndicatorDefinitionError(definition.code, problems);
  const hash = definitionHash(definition);
  const latest = await db
    .selectFrom('indicator')
    .selectAll()
    .where('code', '=', definition.code)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest && latest.definition_hash === hash) return { indicator: toVersion(latest), created: false };
  const row = await db
    .insertInto('indicator')
    .values({
      code: definition.code,
      version: (latest?.version ?? 0) + 1,
      name: definition.name,
      domain: definition.domain,
      type: definition.type,
      numerator: definition.numerator,
      denominator: definition.denominator,
      multiplier: definition.multiplier,
      polarity: definition.polarity,
      period_type: definition.periodType,
      source: definition.source,
      caveats: definition.caveats,
      disclosure_rule: definition.disclosureRule,
      origin: definition.origin,
      computation: JSON.stringify(definition.computation),
      definition_hash: hash,
      created_by: actor,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(db, {
    actor,
    action: latest ? 'indicator_revised' : 'indicator_created',
    entity: 'indicator',
    entityId: `${row.code} v${row.version}`,
    before: latest ? JSON.parse(canonicalDefinition(toVersion(latest))) : null,
    after: JSON.parse(canonicalDefinition(definition)),
  });
  return { indicator: toVersion(row), created: true };
}

/** The latest version of every indicator, by code. */
export async function currentIndicators(db: Kysely<Database>): Promise<IndicatorVersion[]> {
  const rows = await db
    .selectFrom('indicator as i')
    .selectAll('i')
    .where(({ eb, selectFrom }) =>
      eb(
        'i.version',
        '=',
        selectFrom('indicator as j')
          .select(({ fn }) => fn.max('j.version').as('v'))
          .whereRef('j.code', '=', 'i.code'),
      ),
    )
    .orderBy('i.code')
    .execute();
  return rows.map(toVersion).sort((a, b) => compareText(a.code, b.code));
}

/** Every version of one indicator, oldest first. */
export async function indicatorVersions(db: Kysely<Database>, code: string): Promise<IndicatorVersion[]> {
  const rows = await db
    .selectFrom('indicator')
    .selectAll()
    .where('code', '=', code)
    .orderBy('version')
    .execute();
  return rows.map(toVersion);
}

export function toVersion(row: Indicator): IndicatorVersion {
  return {
    id: row.id,
    version: row.version,
    code: row.code,
    name: row.name,
    domain: row.domain,
    type: row.type,
    numerator: row.numerator,
    denominator: row.denominator,
    multiplier: row.multiplier,
    polarity: row.polarity,
    periodType: row.period_type,
    source: row.source,
    caveats: row.caveats,
    disclosureRule: row.disclosure_rule,
    origin: row.origin,
    computation: row.computation as unknown as Computation,
  };
}

/** Byte order for ASCII codes (PostgreSQL's `collate "C"`), so orders agree everywhere. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
