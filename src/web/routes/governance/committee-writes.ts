/** Governance writes on committees and their meetings: setting up, terms, members, meetings, agenda, minutes. */
import { addMember, createCommittee, updateTerms } from '../../../app/governance/committees.ts';
import { today } from '../../../app/governance/context.ts';
import {
  addAgendaItem,
  createMeeting,
  publishMinutes,
  recordAttendance,
} from '../../../app/governance/meetings.ts';
import { list } from '../../forms.ts';
import { idParam } from '../../request.ts';
import { intOrNull, OPTIONAL, TEXT, type Write, type WriteDeps } from './write-route.ts';

const quorum = { terms_of_reference: TEXT, quorum_minimum: TEXT, quorum_rules: list() };

/** The committee writes, then the meeting writes: the order their routes were registered before the split. */
export function committeeWrites(write: Write, deps: WriteDeps): void {
  committeeSetupWrites(write, deps);
  meetingWrites(write, deps);
  agendaWrites(write, deps);
}

/** A committee: setting it up, its terms and quorum rule, its members. */
function committeeSetupWrites(write: Write, { db, now, r, formFor }: WriteDeps): void {
  write({
    path: '/committees',
    summary: 'Set up a committee',
    access: 'manage_committee for the commissioner',
    fields: ['name', 'organisation_code', 'terms_of_reference', 'quorum_minimum', 'quorum_rules'],
    schema: { name: TEXT, organisation_code: TEXT, ...quorum },
    form: formFor('committee'),
    run: async (_c, actor, f) => {
      const id = await createCommittee(
        db,
        actor,
        {
          name: f.name,
          organisationCode: f.organisation_code,
          termsOfReference: f.terms_of_reference,
          quorumMinimum: intOrNull(f.quorum_minimum),
          quorumRequiresChair: f.quorum_rules.includes('chair'),
          quorumRequiresLay: f.quorum_rules.includes('lay'),
        },
        now(),
      );
      return { redirect: `/governance/committees/${id}`, json: { id } };
    },
    again: (c, p) => r.renderIndex(c, p),
  });
  write({
    path: '/committees/:id/terms',
    summary: 'Change the terms of reference and quorum rule',
    access: 'manage_committee',
    fields: ['terms_of_reference', 'quorum_minimum', 'quorum_rules'],
    schema: quorum,
    form: formFor('terms'),
    run: async (c, actor, f) => {
      await updateTerms(db, actor, idParam(c), {
        termsOfReference: f.terms_of_reference,
        quorumMinimum: intOrNull(f.quorum_minimum),
        quorumRequiresChair: f.quorum_rules.includes('chair'),
        quorumRequiresLay: f.quorum_rules.includes('lay'),
      });
      return { redirect: `/governance/committees/${idParam(c)}`, json: {} };
    },
    again: (c, p) => r.renderCommittee(c, idParam(c), p),
  });
  write({
    path: '/committees/:id/members',
    summary: 'Add a member or observer',
    access: 'manage_committee',
    fields: ['name', 'username', 'role', 'observer_body', 'position', 'voting', 'starts_on', 'person_id'],
    schema: {
      person_id: TEXT,
      name: TEXT,
      username: OPTIONAL,
      role: TEXT,
      observer_body: OPTIONAL,
      voting: list(),
      position: TEXT,
      starts_on: TEXT,
    },
    form: formFor('member'),
    run: async (c, actor, f) => {
      const memberId = await addMember(
        db,
        actor,
        idParam(c),
        {
          personId: intOrNull(f.person_id),
          name: f.name,
          username: f.username,
          role: f.role,
          observerBody: f.observer_body,
          voting: f.voting.includes('yes'),
          position: f.position || 'member',
          startsOn: f.starts_on || today(now()),
        },
        now(),
      );
      return { redirect: `/governance/committees/${idParam(c)}`, json: { id: memberId } };
    },
    again: (c, p) => r.renderCommittee(c, idParam(c), p),
  });
}

/** A meeting: arranging it and who attends. */
function meetingWrites(write: Write, { db, now, r, formFor }: WriteDeps): void {
  write({
    path: '/committees/:id/meetings',
    summary: 'Arrange a meeting',
    access: 'manage_committee',
    fields: ['title', 'held_on', 'location'],
    schema: { title: TEXT, held_on: TEXT, location: OPTIONAL },
    form: formFor('meeting'),
    run: async (c, actor, f) => {
      const id = await createMeeting(
        db,
        actor,
        idParam(c),
        { title: f.title, heldOn: f.held_on, location: f.location },
        now(),
      );
      return { redirect: `/governance/meetings/${id}`, json: { id } };
    },
    again: (c, p) => r.renderCommittee(c, idParam(c), p),
  });
  write({
    path: '/meetings/:id/attendance',
    summary: 'Record who is present (members not listed are absent)',
    access: 'manage_committee',
    fields: ['present (repeated: member ids)'],
    schema: { present: list() },
    form: formFor('attendance'),
    run: async (c, actor, f) => {
      await recordAttendance(db, actor, idParam(c), f.present.map(Number), now());
      return { redirect: `/governance/meetings/${idParam(c)}`, json: {} };
    },
    again: (c, p) => r.renderMeeting(c, idParam(c), p),
  });
}

/** What a meeting decides on and records: its agenda items and its minutes. */
function agendaWrites(write: Write, { db, now, r, formFor }: WriteDeps): void {
  write({
    path: '/meetings/:id/items',
    summary:
      'Add an agenda item (members with a declared interest in what it concerns are recused automatically)',
    access: 'manage_committee',
    fields: [
      'title',
      'concern_kind',
      'organisation_codes',
      'provider_names',
      'concern_ref',
      'delegated_function',
      'paper',
      'confidential_paper',
    ],
    schema: {
      title: TEXT,
      concern_kind: TEXT,
      concern_ref: OPTIONAL,
      organisation_codes: TEXT,
      provider_names: TEXT,
      delegated_function: OPTIONAL,
      paper: TEXT,
      confidential_paper: OPTIONAL,
    },
    form: formFor('item'),
    run: async (c, actor, f) => {
      const id = await addAgendaItem(
        db,
        actor,
        idParam(c),
        {
          title: f.title,
          concernKind: f.concern_kind,
          concernRef: f.concern_ref,
          organisationCodes: f.organisation_codes,
          providerNames: f.provider_names,
          delegatedFunction: f.delegated_function,
          paper: f.paper,
          confidentialPaper: f.confidential_paper,
        },
        now(),
      );
      return { redirect: `/governance/items/${id}`, json: { id } };
    },
    again: (c, p) => r.renderMeeting(c, idParam(c), p),
  });
  write({
    path: '/meetings/:id/minutes',
    summary: 'Publish the minutes',
    access: 'manage_committee',
    fields: ['minutes'],
    schema: { minutes: TEXT },
    form: formFor('minutes'),
    run: async (c, actor, f) => {
      await publishMinutes(db, actor, idParam(c), f.minutes, now());
      return { redirect: `/governance/meetings/${idParam(c)}/minutes`, json: {} };
    },
    again: (c, p) => r.renderMeeting(c, idParam(c), p),
  });
}
