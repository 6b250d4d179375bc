// Scheme definitions on disk and in the store. A definition file is validated by the domain rules;
// saving it records the scheme (by its `id`) and the version. The same version number must always
// mean the same rules: saving a changed definition under an existing version is refused.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { canonicalSchemeJson } from '../../domain/schemes/canonical.ts';
import type { SchemeDefinition } from '../../domain/schemes/definition.ts';
import { parseSchemeText, type SchemeValidation } from '../../domain/schemes/validate.ts';
import type { Database, SchemeVersionRow } from '../../store/schema.ts';
import { writeAudit } from '../auth/audit.ts';

/** Reads and validates a definition file; an unreadable file is one problem, like a syntax error. */
export async function readSchemeFile(path: string): Promise<SchemeValidation> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: '', message: `cannot read ${path}: ${reason}` }] };
  }
  return parseSchemeText(text);
}

export function schemeDefinitionHash(scheme: SchemeDefinition): string {
  return createHash('sha256').update(canonicalSchemeJson(scheme)).digest('hex');
}

/** A definition that changed without a new version number, or a scheme id reused for another kind. */
export class SchemeVersionConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemeVersionConflictError';
  }
}

/** Finds or records the scheme and this version (inside the caller's transaction). */
export async function saveSchemeVersion(
  db: Kysely<Database>,
  scheme: SchemeDefinition,
  actor: string,
  now: Date,
): Promise<{ version: SchemeVersionRow; created: boolean }> {
  const hash = schemeDefinitionHash(scheme);
  let row = await db.selectFrom('scheme').selectAll().where('code', '=', scheme.id).executeTakeFirst();
  if (row && row.kind !== scheme.kind) {
    throw new SchemeVersionConflictError(
      `scheme ${scheme.id} is a ${row.kind} scheme; a ${scheme.kind} definition needs another id`,
    );
  }
  if (!row) {
    row = await db
      .insertInto('scheme')
      .values({ code: scheme.id, kind: scheme.kind, created_by: actor, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(db, {
      actor,
      action: 'scheme_created',
      entity: 'scheme',
      entityId: scheme.id,
      before: null,
      after: { kind: scheme.kind },
    });
  }
  const existing = await db
    .selectFrom('scheme_version')
    .selectAll()
    .where('scheme_id', '=', row.id)
    .where('version', '=', scheme.version)
    .executeTakeFirst();
  if (existing) {
    if (existing.definition_hash !== hash) {
      throw new SchemeVersionConflictError(
        `scheme ${scheme.id} version ${scheme.version} is already recorded with a different definition: ` +
          'a changed definition needs a new version number',
      );
    }
    return { version: existing, created: false };
  }
  const version = await db
    .insertInto('scheme_version')
    .values({
      scheme_id: row.id,
      version: scheme.version,
      name: scheme.name,
      year: scheme.year,
      definition: JSON.stringify(scheme),
      definition_hash: hash,
      created_by: actor,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(db, {
    actor,
    action: 'scheme_version_recorded',
    entity: 'scheme_version',
    entityId: `${scheme.id} v${scheme.version}`,
    before: null,
    after: { definition_hash: hash, name: scheme.name, year: scheme.year },
  });
  return { version, created: true };
}
