/**
 * The governance pages as the GET routes draw them and as a failed form post draws them again, with
 * the problem beside its field (writes.ts).
 */
import { findOrganisation } from '../../../app/browse/organisations.ts';
import type { Clock } from '../../../app/clock.ts';
import type { Db } from '../../../app/db.ts';
import { getCommittee, listCommittees } from '../../../app/governance/committees.ts';
import { targetFor, today } from '../../../app/governance/context.ts';
import { delegationHistory, delegationState } from '../../../app/governance/delegation.ts';
import { getItem } from '../../../app/governance/items.ts';
import { getMeeting } from '../../../app/governance/meetings.ts';
import { myDeclarations } from '../../../app/governance/my-declarations.ts';
import { can, canSomewhere } from '../../../domain/policy.ts';
import { notFoundPage } from '../../pages/errors.ts';
import { committeePage } from '../../pages/governance/committee.ts';
import { delegationDetailPage } from '../../pages/governance/delegation.ts';
import type { Problem } from '../../pages/governance/forms.ts';
import { governanceIndexPage } from '../../pages/governance/index.ts';
import { itemPage } from '../../pages/governance/item.ts';
import { meetingPage } from '../../pages/governance/meeting.ts';
import { myInterestsPage } from '../../pages/governance/register.ts';
import { actorOf, ORG_CODE, type RouteContext } from '../../request.ts';
import { USE_CASE_STATUS } from '../../use-case-status.ts';

type Ctx = RouteContext;

/** A commissioner's code from the path, in capitals. */
export const codeParam = (c: Ctx): string => (c.req.param('code') ?? '').toUpperCase();

export type GovernanceRenderers = ReturnType<typeof governanceRenderers>;

export function governanceRenderers(deps: { db: Db; now: Clock }) {
  const { db, now } = deps;
  const renderIndex = async (c: Ctx, problem: Problem | null = null): Promise<Response> => {
    const actor = actorOf(c);
    const canCreate =
      actor?.roles.some((r) => r.role === 'administrator' || r.role === 'commissioning_manager') ?? false;
    return c.html(
      governanceIndexPage({
        viewer: c.get('viewer'),
        committees: await listCommittees(db),
        canCreate: canCreate && !actor?.roles.some((r) => r.role === 'observer'),
        canDeclare: can(actor, 'declare_interest').allowed,
        canViewRegister: canSomewhere(actor, 'view_register'),
        problem,
      }),
      problem ? USE_CASE_STATUS[problem.error.field ? 'invalid' : 'conflict'] : 200,
    );
  };
  const renderDelegation = async (
    c: Ctx,
    code: string,
    problem: Problem | null = null,
  ): Promise<Response> => {
    const org = ORG_CODE.test(code) ? await findOrganisation(db, code) : null;
    if (!org || (org.kind !== 'sub_icb' && org.kind !== 'icb'))
      return c.html(notFoundPage(c.get('viewer'), 'Commissioner not found'), 404);
    const actor = actorOf(c);
    const target = await targetFor(db, org.code);
    return c.html(
      delegationDetailPage({
        viewer: c.get('viewer'),
        commissioner: org,
        state: await delegationState(db, org.code, today(now())),
        history: await delegationHistory(db, org.code),
        canRequest: can(actor, 'request_delegation', target).allowed,
        canDecide: can(actor, 'decide_delegation', target).allowed,
        showHistory: can(actor, 'view_governance', target).allowed,
        problem,
      }),
      problem ? 400 : 200,
    );
  };
  const renderMine = async (c: Ctx, problem: Problem | null = null): Promise<Response> => {
    const mine = await myDeclarations(db, actorOf(c), today(now()));
    return c.html(myInterestsPage({ viewer: c.get('viewer')!, ...mine, problem }), problem ? 400 : 200);
  };
  const renderCommittee = async (c: Ctx, id: number, problem: Problem | null = null): Promise<Response> => {
    const committee = await getCommittee(db, actorOf(c), id, today(now()));
    return c.html(
      committeePage({
        viewer: c.get('viewer')!,
        committee,
        canManage: can(actorOf(c), 'manage_committee', committee.target).allowed,
        problem,
      }),
      problem ? 400 : 200,
    );
  };
  const renderMeeting = async (c: Ctx, id: number, problem: Problem | null = null): Promise<Response> => {
    const meeting = await getMeeting(db, actorOf(c), id);
    return c.html(
      meetingPage({
        viewer: c.get('viewer')!,
        meeting,
        canManage: can(actorOf(c), 'manage_committee', meeting.target).allowed,
        problem,
      }),
      problem ? 400 : 200,
    );
  };
  const renderItem = async (c: Ctx, id: number, problem: Problem | null = null): Promise<Response> => {
    const item = await getItem(db, actorOf(c), id);
    return c.html(itemPage({ viewer: c.get('viewer')!, item, problem }), problem ? 400 : 200);
  };

  return { renderIndex, renderDelegation, renderMine, renderCommittee, renderMeeting, renderItem };
}
