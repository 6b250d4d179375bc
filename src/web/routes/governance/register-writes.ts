import { decideDelegation, requestDelegation } from '../../../app/governance/delegation.ts';
import { commissionerOfPeriod } from '../../../app/governance/delegation-period-read.ts';
import { confirmReview, declareInterest } from '../../../app/governance/interests.ts';
import { list } from '../../forms.ts';
import { idParam } from '../../request.ts';
import { codeParam } from './render.ts';
import { intOrNull, OPTIONAL, TEXT, type Write, type WriteDeps } from './write-route.ts';

/** The register writes, then the delegation writes: the order their routes were registered before the split. */
export function registerWrites(write: Write, deps: WriteDeps): void {
  interestWrites(write, deps);
  delegationWrites(write, deps);
}

/** The register of interests: a declaration and the yearly review. */
function interestWrites(write: Write, { db, now, r, formFor }: WriteDeps): void {
  write({
    path: '/register/declarations',
    summary:
      'Declare an interest (kind=nil for a nil return); with person_id, the secretariat records for someone else',
    access: 'declare_interest (own) or manage_register (for someone else)',
    fields: [
      'kind',
      'organisation_code',
      'provider_name',
      'description',
      'private_note',
      'starts_on',
      'ends_on',
      'person_id',
    ],
    schema: {
      kind: TEXT,
      organisation_code: OPTIONAL,
      provider_name: OPTIONAL,
      description: TEXT,
      private_note: OPTIONAL,
      starts_on: OPTIONAL,
      ends_on: OPTIONAL,
      person_id: TEXT,
    },
    form: (_c, f) => (f.person_id ? 'record' : 'declare'),
    run: async (_c, actor, f) => {
      const id = await declareInterest(
        db,
        actor,
        {
          kind: f.kind,
          organisationCode: f.organisation_code,
          providerName: f.provider_name,
          description: f.description,
          privateNote: f.private_note,
          startsOn: f.starts_on,
          endsOn: f.ends_on,
          personId: intOrNull(f.person_id),
        },
        now(),
      );
      return { redirect: '/governance/register/mine', json: { id } };
    },
    again: (c, p) => r.renderMine(c, p),
  });
  write({
    path: '/register/review',
    summary: 'Confirm one’s declarations are complete (the yearly review)',
    access: 'declare_interest',
    fields: [],
    schema: {},
    form: formFor('review'),
    run: async (_c, actor) => {
      await confirmReview(db, actor, null, now());
      return { redirect: '/governance/register/mine', json: {} };
    },
    again: (c, p) => r.renderMine(c, p),
  });
}

/** Delegation: a request for a function and the decision on it. */
function delegationWrites(write: Write, { db, now, r, formFor }: WriteDeps): void {
  write({
    path: '/delegation/:code/requests',
    summary: 'Ask for a co-commissioning level and functions for a period',
    access: 'request_delegation for the commissioner',
    fields: ['level', 'starts_on', 'ends_on', 'functions (repeated)', 'note'],
    schema: { level: TEXT, starts_on: TEXT, ends_on: OPTIONAL, functions: list(), note: OPTIONAL },
    form: formFor('request'),
    run: async (c, actor, f) => {
      const code = codeParam(c);
      const id = await requestDelegation(
        db,
        actor,
        {
          commissionerCode: code,
          level: Number(f.level),
          startsOn: f.starts_on,
          endsOn: f.ends_on,
          functions: f.functions,
          note: f.note,
        },
        now(),
      );
      return { redirect: `/governance/delegation/${code}`, json: { id } };
    },
    again: (c, p) => r.renderDelegation(c, codeParam(c), p),
  });
  write({
    path: '/delegation/requests/:id/decision',
    summary: 'Approve or refuse a delegation request, function by function',
    access: 'decide_delegation (NHS England area team over the commissioner)',
    fields: ['approve (yes/no)', 'functions (repeated: those granted)', 'note'],
    schema: { approve: TEXT, functions: list(), note: OPTIONAL },
    form: (c) => `decide-${idParam(c)}`,
    run: async (c, actor, f) => {
      await decideDelegation(
        db,
        actor,
        { periodId: idParam(c), approve: f.approve !== 'no', grantFunctions: f.functions, note: f.note },
        now(),
      );
      return {
        redirect: `/governance/delegation/${(await commissionerOfPeriod(db, idParam(c))) ?? ''}`,
        json: {},
      };
    },
    again: async (c, p) => r.renderDelegation(c, (await commissionerOfPeriod(db, idParam(c))) ?? '', p),
  });
}
