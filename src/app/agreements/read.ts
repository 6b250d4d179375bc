/**
 * Reading agreements for the pages and the API: the list with each current version's standing, and
 * one version in full (clauses, guidance flags, who signed or vetoed and on whose authority, who has
 * not responded, the LMC's response).
 */
import type { Kysely } from 'kysely';
import type { Clause } from '../../domain/agreements/clauses.ts';
import { parseAgreementDocument } from '../../domain/agreements/document.ts';
import { type GuidanceFlag, guidanceChecks } from '../../domain/agreements/guidance.ts';
import { type AgreementStatus, summariseResponses } from '../../domain/agreements/status.ts';
import type { AgreementDecision, Database, LmcPosition } from '../../store/schema.ts';
import { UseCaseError } from '../use-case-error.ts';

export interface AgreementSummary {
  id: number;
  title: string;
  commissionerCode: string;
  commissionerName: string;
  currentVersion: number;
  issuedAt: Date;
  status: AgreementStatus;
}

export interface VersionRef {
  id: number;
  version: number;
  issuedAt: Date;
  issuedBy: string;
  changeNote: string | null;
}

export interface PracticeResponse {
  practiceCode: string;
  practiceName: string;
  subIcbCode: string | null;
  decision: AgreementDecision;
  reason: string | null;
  respondedBy: string;
  authorityRole: string;
  authorityCode: string;
  respondedAt: Date;
}

export interface LmcResponse {
  position: LmcPosition;
  response: string;
  respondedBy: string;
  authorityCode: string;
  respondedAt: Date;
}

export interface AgreementVersionView {
  agreementId: number;
  title: string;
  commissionerCode: string;
  commissionerName: string;
  version: VersionRef;
  isCurrent: boolean;
  versions: VersionRef[];
  body: string;
  /** The text before the first clause (without the title line). */
  preamble: string;
  clauses: Clause[];
  flags: GuidanceFlag[];
  status: AgreementStatus;
  responses: PracticeResponse[];
  notResponded: { practiceCode: string; practiceName: string; subIcbCode: string | null }[];
  lmcResponse: LmcResponse | null;
}

async function statusOf(db: Kysely<Database>, versionId: number): Promise<AgreementStatus> {
  const [members, responses] = await Promise.all([
    db
      .selectFrom('agreement_member')
      .select(['practice_code', 'sub_icb_code'])
      .where('version_id', '=', versionId)
      .execute(),
    db
      .selectFrom('agreement_response')
      .select(['practice_code', 'decision'])
      .where('version_id', '=', versionId)
      .execute(),
  ]);
  return summariseResponses(
    members.map((m) => ({ practiceCode: m.practice_code, subIcbCode: m.sub_icb_code })),
    responses.map((r) => ({ practiceCode: r.practice_code, decision: r.decision })),
  );
}

export async function listAgreements(db: Kysely<Database>): Promise<AgreementSummary[]> {
  const rows = await db
    .selectFrom('agreement as a')
    .innerJoin('agreement_version as v', 'v.agreement_id', 'a.id')
    .leftJoin('organisation as o', 'o.code', 'a.commissioner_code')
    .select([
      'a.id',
      'a.title',
      'a.commissioner_code',
      'o.name',
      'v.id as version_id',
      'v.version',
      'v.issued_at',
    ])
    .distinctOn('a.id')
    .orderBy('a.id', 'desc')
    .orderBy('v.version', 'desc')
    .execute();
  const out: AgreementSummary[] = [];
  for (const r of rows) {
    out.push({
      id: r.id,
      title: r.title,
      commissionerCode: r.commissioner_code,
      commissionerName: r.name ?? r.commissioner_code,
      currentVersion: r.version,
      issuedAt: r.issued_at,
      status: await statusOf(db, r.version_id),
    });
  }
  return out;
}

/** `version` null: the current (latest) version. */
export async function getAgreementVersion(
  db: Kysely<Database>,
  agreementId: number,
  version: number | null = null,
): Promise<AgreementVersionView> {
  const agreement = await db
    .selectFrom('agreement as a')
    .leftJoin('organisation as o', 'o.code', 'a.commissioner_code')
    .select(['a.id', 'a.title', 'a.commissioner_code', 'o.name'])
    .where('a.id', '=', agreementId)
    .executeTakeFirst();
  if (!agreement) throw new UseCaseError('not_found', `there is no agreement ${agreementId}`);
  const versionRows = await db
    .selectFrom('agreement_version')
    .select(['id', 'version', 'issued_at', 'issued_by', 'change_note', 'body'])
    .where('agreement_id', '=', agreementId)
    .orderBy('version', 'desc')
    .execute();
  const chosen = version === null ? versionRows[0] : versionRows.find((v) => v.version === version);
  if (!chosen) throw new UseCaseError('not_found', `agreement ${agreementId} has no version ${version}`);
  const ref = (v: (typeof versionRows)[number]): VersionRef => ({
    id: v.id,
    version: v.version,
    issuedAt: v.issued_at,
    issuedBy: v.issued_by,
    changeNote: v.change_note,
  });

  const clauses = (
    await db
      .selectFrom('agreement_clause')
      .select(['position', 'heading', 'tag', 'body'])
      .where('version_id', '=', chosen.id)
      .orderBy('position')
      .execute()
  ).map((c) => ({ ...c }));
  const { members, responses, notResponded } = await membersAndResponses(db, chosen.id);
  const lmc = await db
    .selectFrom('agreement_lmc_response')
    .select(['position', 'response', 'responded_by', 'authority_code', 'responded_at'])
    .where('version_id', '=', chosen.id)
    .executeTakeFirst();

  return {
    agreementId,
    title: agreement.title,
    commissionerCode: agreement.commissioner_code,
    commissionerName: agreement.name ?? agreement.commissioner_code,
    version: ref(chosen),
    isCurrent: chosen === versionRows[0],
    versions: versionRows.map(ref),
    body: chosen.body,
    preamble: preambleOf(chosen.body),
    clauses,
    flags: guidanceChecks(clauses),
    status: summariseResponses(
      members.map((m) => ({ practiceCode: m.practice_code, subIcbCode: m.sub_icb_code })),
      responses,
    ),
    responses,
    notResponded,
    lmcResponse: lmc
      ? {
          position: lmc.position,
          response: lmc.response,
          respondedBy: lmc.responded_by,
          authorityCode: lmc.authority_code,
          respondedAt: lmc.responded_at,
        }
      : null,
  };
}

/** The version's member practices, split into those that responded and those that have not. */
async function membersAndResponses(db: Kysely<Database>, versionId: number) {
  const members = await db
    .selectFrom('agreement_member as m')
    .leftJoin('organisation as o', 'o.code', 'm.practice_code')
    .leftJoin('agreement_response as r', (j) =>
      j.onRef('r.version_id', '=', 'm.version_id').onRef('r.practice_code', '=', 'm.practice_code'),
    )
    .select([
      'm.practice_code',
      'm.sub_icb_code',
      'o.name',
      'r.decision',
      'r.reason',
      'r.responded_by',
      'r.authority_role',
      'r.authority_code',
      'r.responded_at',
    ])
    .where('m.version_id', '=', versionId)
    .orderBy('o.name')
    .orderBy('m.practice_code')
    .execute();
  const responses: PracticeResponse[] = [];
  const notResponded: AgreementVersionView['notResponded'] = [];
  for (const m of members) {
    const practiceName = m.name ?? m.practice_code;
    if (m.decision && m.responded_at && m.responded_by && m.authority_role && m.authority_code) {
      responses.push({
        practiceCode: m.practice_code,
        practiceName,
        subIcbCode: m.sub_icb_code,
        decision: m.decision,
        reason: m.reason,
        respondedBy: m.responded_by,
        authorityRole: m.authority_role,
        authorityCode: m.authority_code,
        respondedAt: m.responded_at,
      });
    } else {
      notResponded.push({ practiceCode: m.practice_code, practiceName, subIcbCode: m.sub_icb_code });
    }
  }
  return { members, responses, notResponded };
}

function preambleOf(body: string): string {
  const parsed = parseAgreementDocument(body);
  return parsed.ok ? parsed.document.preamble : '';
}
