/** What anyone may read without signing in: the decision log and the published minutes. */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { UseCaseError } from '../use-case-error.ts';
import { agendaOf } from './meetings.ts';

export interface PublicDecision {
  itemId: number;
  itemTitle: string;
  meetingId: number;
  meetingTitle: string;
  heldOn: string;
  committeeId: number;
  committeeName: string;
  outcome: 'carried' | 'not_carried';
  route: 'act' | 'joint' | 'contract_holder';
  routeReason: string;
  decisionText: string;
  votesFor: number;
  votesAgainst: number;
  abstentions: number;
  /** Members recused from the item, by name, with the reason shown publicly. */
  recusals: { member: string; reason: string; overridden: boolean }[];
  quorate: boolean;
  counted: number;
  threshold: number;
  decidedAt: Date;
}

interface Snapshot {
  quorate?: boolean;
  counted?: number;
  threshold?: number;
  recusals?: { member: string | null; reason: string; overridden: unknown }[];
}

export async function decisionLog(
  db: Kysely<Database>,
  meetingId: number | null = null,
): Promise<PublicDecision[]> {
  let query = db
    .selectFrom('item_decision as d')
    .innerJoin('agenda_item as i', 'i.id', 'd.item_id')
    .innerJoin('committee_meeting as m', 'm.id', 'i.meeting_id')
    .innerJoin('committee as c', 'c.id', 'm.committee_id')
    .select([
      'd.item_id',
      'i.title as item_title',
      'm.id as meeting_id',
      'm.title as meeting_title',
      'm.held_on',
      'c.id as committee_id',
      'c.name as committee_name',
      'd.outcome',
      'd.route',
      'd.route_reason',
      'd.decision_text',
      'd.votes_for',
      'd.votes_against',
      'd.abstentions',
      'd.quorum',
      'd.decided_at',
    ])
    .where('d.public', '=', true);
  if (meetingId !== null) query = query.where('m.id', '=', meetingId);
  const rows = await query.orderBy('m.held_on', 'desc').orderBy('i.position').execute();
  return rows.map((r) => {
    const q = (r.quorum ?? {}) as Snapshot;
    return {
      itemId: r.item_id,
      itemTitle: r.item_title,
      meetingId: r.meeting_id,
      meetingTitle: r.meeting_title,
      heldOn: r.held_on,
      committeeId: r.committee_id,
      committeeName: r.committee_name,
      outcome: r.outcome,
      route: r.route,
      routeReason: r.route_reason,
      decisionText: r.decision_text,
      votesFor: r.votes_for,
      votesAgainst: r.votes_against,
      abstentions: r.abstentions,
      recusals: (q.recusals ?? []).map((x) => ({
        member: x.member ?? 'A member',
        reason: x.reason,
        overridden: Boolean(x.overridden),
      })),
      quorate: q.quorate === true,
      counted: q.counted ?? 0,
      threshold: q.threshold ?? 0,
      decidedAt: r.decided_at,
    };
  });
}

export interface PublicMinutes {
  meetingId: number;
  title: string;
  heldOn: string;
  location: string | null;
  committeeName: string;
  minutes: string;
  publishedAt: Date;
  agenda: { position: number; title: string }[];
  decisions: PublicDecision[];
}

/** The published minutes of a meeting; not found until the secretariat publishes them. */
export async function publicMinutes(db: Kysely<Database>, meetingId: number): Promise<PublicMinutes> {
  const row = Number.isSafeInteger(meetingId)
    ? await db
        .selectFrom('committee_meeting as m')
        .innerJoin('committee as c', 'c.id', 'm.committee_id')
        .select([
          'm.id',
          'm.title',
          'm.held_on',
          'm.location',
          'm.minutes',
          'm.minutes_published_at',
          'c.name',
        ])
        .where('m.id', '=', meetingId)
        .executeTakeFirst()
    : undefined;
  if (!row || row.minutes === null || row.minutes_published_at === null)
    throw new UseCaseError('not_found', 'These minutes have not been published');
  return {
    meetingId: row.id,
    title: row.title,
    heldOn: row.held_on,
    location: row.location,
    committeeName: row.name,
    minutes: row.minutes,
    publishedAt: row.minutes_published_at,
    agenda: (await agendaOf(db, meetingId)).map((a) => ({ position: a.position, title: a.title })),
    decisions: await decisionLog(db, meetingId),
  };
}
