// What the scheme pages list: every scheme with its versions' calculations, one scheme's latest
// definition, and a calculation's totals per organisation.
import type { Kysely } from 'kysely';
import type { SchemeDefinition } from '../../domain/schemes/definition.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { authorise } from '../authorise.ts';
import { UseCaseError } from '../use-case-error.ts';
import { approvalOf } from './approval-state.ts';

export interface SchemeListEntry {
  code: string;
  kind: 'qof' | 'quality_premium' | 'local';
  name: string;
  year: string;
  version: number;
  calculations: { id: number; period: string; total: number; status: string; createdAt: Date }[];
}

export async function listSchemes(db: Kysely<Database>, actor: Actor | null): Promise<SchemeListEntry[]> {
  authorise(actor, 'view_schemes');
  const versions = await db
    .selectFrom('scheme_version')
    .innerJoin('scheme', 'scheme.id', 'scheme_version.scheme_id')
    .select([
      'scheme.code',
      'scheme.kind',
      'scheme_version.name',
      'scheme_version.year',
      'scheme_version.version',
    ])
    .orderBy('scheme.code')
    .orderBy('scheme_version.version', 'desc')
    .execute();
  const calculations = await db
    .selectFrom('calculation')
    .innerJoin('scheme_version', 'scheme_version.id', 'calculation.scheme_version_id')
    .innerJoin('scheme', 'scheme.id', 'scheme_version.scheme_id')
    .select([
      'scheme.code',
      'calculation.id',
      'calculation.period',
      'calculation.total_amount',
      'calculation.status',
      'calculation.created_at',
    ])
    .orderBy('calculation.id', 'desc')
    .execute();
  const out = new Map<string, SchemeListEntry>();
  for (const v of versions) if (!out.has(v.code)) out.set(v.code, { ...v, calculations: [] });
  for (const c of calculations)
    out.get(c.code)?.calculations.push({
      id: c.id,
      period: c.period,
      total: c.total_amount,
      // Read from the committee's decision, as every page does (calculation.status stops at submitted).
      status: (await approvalOf(db, c.id)).status.replace('_', ' '),
      createdAt: c.created_at,
    });
  return [...out.values()];
}

export async function latestDefinition(
  db: Kysely<Database>,
  actor: Actor | null,
  code: string,
): Promise<SchemeDefinition> {
  authorise(actor, 'view_schemes');
  const row = await db
    .selectFrom('scheme_version')
    .innerJoin('scheme', 'scheme.id', 'scheme_version.scheme_id')
    .select('scheme_version.definition')
    .where('scheme.code', '=', code)
    .orderBy('scheme_version.version', 'desc')
    .executeTakeFirst();
  if (!row) throw new UseCaseError('not_found', `There is no scheme ${code}`);
  return (
    typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition
  ) as SchemeDefinition;
}

export interface OrgTotal {
  orgCode: string;
  orgKind: 'practice' | 'commissioner';
  orgName: string | null;
  participating: boolean;
  amount: number;
}

export async function calculationTotals(
  db: Kysely<Database>,
  actor: Actor | null,
  calculationId: number,
): Promise<OrgTotal[]> {
  authorise(actor, 'view_calculation');
  const rows = await db
    .selectFrom('statement_line')
    .leftJoin('organisation', 'organisation.code', 'statement_line.org_code')
    .select([
      'statement_line.org_code',
      'statement_line.org_kind',
      'organisation.name',
      'statement_line.participating',
      'statement_line.amount',
    ])
    .where('statement_line.calculation_id', '=', calculationId)
    .where('statement_line.line_type', '=', 'total')
    .orderBy('statement_line.line_no')
    .execute();
  return rows.map((r) => ({
    orgCode: r.org_code,
    orgKind: r.org_kind,
    orgName: r.name,
    participating: r.participating,
    amount: r.amount,
  }));
}

/** Committee meetings a calculation or distribution may be put to: those not yet minuted. */
export async function openMeetings(
  db: Kysely<Database>,
): Promise<{ id: number; title: string; heldOn: string }[]> {
  const rows = await db
    .selectFrom('committee_meeting')
    .select(['id', 'title', 'held_on'])
    .where('minutes_published_at', 'is', null)
    .orderBy('held_on')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, heldOn: String(r.held_on).slice(0, 10) }));
}
