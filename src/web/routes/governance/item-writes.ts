/** Governance writes on an agenda item: recusals, their override, votes and the decision. */
import { castVote, overrideRecusal, recordDecision, recordRecusal } from '../../../app/governance/items.ts';
import { list } from '../../forms.ts';
import { idParam } from '../../request.ts';
import { intOrNull, TEXT, type Write, type WriteDeps } from './write-route.ts';

export function itemWrites(write: Write, { db, now, r, formFor }: WriteDeps): void {
  const recusal = { member_id: TEXT, reason: TEXT };
  write({
    path: '/items/:id/recusals',
    summary: 'The chair recuses a member from the item',
    access: 'chair_meeting, as the chair or deputy chair',
    fields: ['member_id', 'reason'],
    schema: recusal,
    form: formFor('recuse'),
    run: async (c, actor, f) => {
      await recordRecusal(db, actor, idParam(c), Number(f.member_id), f.reason, now());
      return { redirect: `/governance/items/${idParam(c)}`, json: {} };
    },
    again: (c, p) => r.renderItem(c, idParam(c), p),
  });
  write({
    path: '/items/:id/recusals/override',
    summary: 'The chair overrides a recusal, with a recorded reason (audited and shown)',
    access: 'chair_meeting, as the chair or deputy chair',
    fields: ['member_id', 'reason'],
    schema: recusal,
    form: formFor('override'),
    run: async (c, actor, f) => {
      await overrideRecusal(db, actor, idParam(c), Number(f.member_id), f.reason, now());
      return { redirect: `/governance/items/${idParam(c)}`, json: {} };
    },
    again: (c, p) => r.renderItem(c, idParam(c), p),
  });
  write({
    path: '/items/:id/votes',
    summary: 'Cast one’s own vote, or (secretariat) record a member’s vote given at the meeting',
    access: 'cast_vote (own) or manage_committee (on behalf)',
    fields: ['choice', 'member_id'],
    schema: { choice: TEXT, member_id: TEXT },
    form: (_c, f) => (f.member_id ? 'record-vote' : 'vote'),
    run: async (c, actor, f) => {
      await castVote(db, actor, idParam(c), { memberId: intOrNull(f.member_id), choice: f.choice }, now());
      return { redirect: `/governance/items/${idParam(c)}`, json: {} };
    },
    again: (c, p) => r.renderItem(c, idParam(c), p),
  });
  write({
    path: '/items/:id/decision',
    summary: 'Record the decision, with the quorum check at the time',
    access: 'manage_committee, or chair_meeting as the chair',
    fields: ['decision_text', 'public'],
    schema: { decision_text: TEXT, public: list() },
    form: formFor('decision'),
    run: async (c, actor, f) => {
      const d = await recordDecision(
        db,
        actor,
        idParam(c),
        { decisionText: f.decision_text, public: f.public.includes('yes') },
        now(),
      );
      return { redirect: `/governance/items/${idParam(c)}`, json: { decision: d } };
    },
    again: (c, p) => r.renderItem(c, idParam(c), p),
  });
}
