/**
 * Peer review groups (issue 17): the page to see, create and manage them, and its JSON twin under
 * /api/peer-review-groups. Both read and write through the use cases (src/app/releases/
 * peer-review-groups.ts), which ask the policy (view_, manage_, rename_, delete_peer_review_group(s),
 * join_peer_review_group).
 * A group the reader may not see answers 404 in both, so its existence is not disclosed.
 */
import { Hono } from 'hono';
import type { Clock } from '../../app/clock.ts';
import type { Db } from '../../app/db.ts';
import type { PeerGroupActor } from '../../app/releases/peer-review-group-access.ts';
import {
  changeMembership,
  createPeerReviewGroup,
  deletePeerReviewGroup,
  getPeerReviewGroup,
  listPeerReviewGroups,
  renamePeerReviewGroup,
} from '../../app/releases/peer-review-groups.ts';
import { isUseCaseError } from '../../app/use-case-error.ts';
import { describeApiRoute } from '../api/openapi.ts';
import { signInRequired } from '../api/problem.ts';
import { readForm, text } from '../forms.ts';
import { MAX_FIELD_CHARS } from '../limits.ts';
import { peerReviewGroupPage, peerReviewGroupsPage } from '../pages/openness/peer-review-groups.ts';
import { signInFirst } from '../refusals.ts';
import { actorOf, idParam, type RouteContext, type RouteEnv } from '../request.ts';

type Ctx = RouteContext;

const ACCESS =
  "the sub-ICB location's commissioning analysts, managers and area team see its groups; its practices' partners and managers see those of their location";

/**
 * Every form about a group, page and API alike: the fields a step does not use are ''. The use
 * cases check what the values mean (a practice of the area, a name not taken).
 */
const GROUP_FORM = {
  name: text(MAX_FIELD_CHARS),
  area: text(MAX_FIELD_CHARS),
  practice: text(MAX_FIELD_CHARS),
};
type GroupForm = { name: string; area: string; practice: string };

/** An invalid step on a page: the page again with the reason (other refusals go to app.onError). */
async function pageRefusal(db: Db, c: Ctx, actor: PeerGroupActor, error: unknown, groupId: number | null) {
  if (!isUseCaseError(error, 'invalid')) throw error;
  return groupId === null
    ? c.html(
        peerReviewGroupsPage(c.get('viewer')!, await listPeerReviewGroups(db, actor), error.message),
        400,
      )
    : c.html(
        peerReviewGroupPage(c.get('viewer')!, await getPeerReviewGroup(db, actor, groupId), error.message),
        400,
      );
}

type Deps = { db: Db; now: Clock };

/** The sub-apps in the order their routes were registered before the split. */
export function peerReviewGroupRoutes(deps: Deps): Hono<RouteEnv> {
  return new Hono<RouteEnv>()
    .route('/', groupPages(deps))
    .route('/', groupSteps(deps))
    .route('/', groupApi(deps));
}

/** The list of groups, one group, and creating one, as pages. */
function groupPages({ db, now }: Deps): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();
  app.get('/peer-review-groups', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signInFirst(c);
    return c.html(peerReviewGroupsPage(c.get('viewer')!, await listPeerReviewGroups(db, actor)));
  });

  app.get('/peer-review-groups/:id', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signInFirst(c);
    return c.html(peerReviewGroupPage(c.get('viewer')!, await getPeerReviewGroup(db, actor, idParam(c))));
  });

  app.post('/peer-review-groups', async (c) => {
    const actor = actorOf(c)!; // app.ts refuses a POST without a session
    const form = await readForm(c, GROUP_FORM);
    try {
      const id = await createPeerReviewGroup(db, actor, { name: form.name, areaCode: form.area }, now());
      return c.redirect(`/peer-review-groups/${id}`, 303);
    } catch (error) {
      return pageRefusal(db, c, actor, error, null);
    }
  });

  return app;
}

/** The steps on one group (join, leave, rename, delete), each as a page form and an API twin. */
function groupSteps({ db, now }: Deps): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  /**
   * The steps on one group, each a page form and its API twin alike: the same use case, the same
   * refusals (a group the caller may not see is 404 in both). `page` is where the page goes after.
   */
  const steps: {
    step: string;
    summary: string;
    access: string;
    formFields: string[];
    run: (actor: PeerGroupActor, id: number, form: GroupForm) => Promise<void>;
    deletes?: true;
  }[] = [
    {
      step: 'join',
      summary:
        'A practice joins the group: its own agreement to share identified data, recorded with who agreed',
      access: "the practice's partners and manager, for a practice of the group's sub-ICB location",
      formFields: ['practice'],
      run: (actor, id, form) => changeMembership(db, actor, id, 'join', form.practice, now()),
    },
    {
      step: 'leave',
      summary: 'A practice leaves the group, or a commissioning manager of its area takes it out',
      access: "the practice's partners and manager, or a commissioning manager of the group's area",
      formFields: ['practice'],
      run: (actor, id, form) => changeMembership(db, actor, id, 'leave', form.practice, now()),
    },
    {
      step: 'rename',
      summary: 'Rename the group',
      access: "a commissioning manager of the group's area (policy: rename_peer_review_group)",
      formFields: ['name'],
      run: (actor, id, form) => renamePeerReviewGroup(db, actor, id, form.name),
    },
    {
      step: 'delete',
      summary: "Delete the group, ending its members' agreements (the audit log keeps who had agreed)",
      access: "a commissioning manager of the group's area (policy: delete_peer_review_group)",
      formFields: [],
      run: (actor, id) => deletePeerReviewGroup(db, actor, id, now()),
      deletes: true,
    },
  ];
  for (const { step, summary, access, formFields, run, deletes } of steps) {
    app.post(`/peer-review-groups/:id/${step}`, async (c) => {
      const actor = actorOf(c)!; // app.ts refuses a POST without a session
      try {
        await run(actor, idParam(c), await readForm(c, GROUP_FORM));
        return c.redirect(deletes ? '/peer-review-groups' : `/peer-review-groups/${idParam(c)}`, 303);
      } catch (error) {
        return pageRefusal(db, c, actor, error, idParam(c));
      }
    });
    describeApiRoute({
      method: 'post',
      path: `/api/peer-review-groups/:id/${step}`,
      summary,
      tag: 'Openness',
      access: `${access}; a group the caller may not see is 404`,
      formFields,
    });
    app.post(`/api/peer-review-groups/:id/${step}`, async (c) => {
      const actor = actorOf(c);
      if (!actor) return signInRequired(c);
      await run(actor, idParam(c), await readForm(c, GROUP_FORM));
      return deletes
        ? c.json({ deleted: idParam(c) })
        : c.json(await getPeerReviewGroup(db, actor, idParam(c)));
    });
  }

  return app;
}

/** The groups as JSON: the list, one group, and creating one. */
function groupApi({ db, now }: Deps): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  describeApiRoute({
    method: 'get',
    path: '/api/peer-review-groups',
    summary:
      'The peer review groups the signed-in person may see, with members, and where they may create one',
    tag: 'Openness',
    access: ACCESS,
  });
  app.get('/api/peer-review-groups', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signInRequired(c);
    return c.json(await listPeerReviewGroups(db, actor));
  });

  describeApiRoute({
    method: 'get',
    path: '/api/peer-review-groups/:id',
    summary:
      "One peer review group: its members with each practice's recorded agreement, and what the reader may do",
    tag: 'Openness',
    access: `${ACCESS}; a group the reader may not see is 404`,
  });
  app.get('/api/peer-review-groups/:id', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signInRequired(c);
    return c.json(await getPeerReviewGroup(db, actor, idParam(c)));
  });

  describeApiRoute({
    method: 'post',
    path: '/api/peer-review-groups',
    summary: 'Create a peer review group in a sub-ICB location',
    tag: 'Openness',
    access: "the location's commissioning managers",
    formFields: ['name', 'area'],
  });
  app.post('/api/peer-review-groups', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signInRequired(c);
    const form = await readForm(c, GROUP_FORM);
    const id = await createPeerReviewGroup(db, actor, { name: form.name, areaCode: form.area }, now());
    return c.json(await getPeerReviewGroup(db, actor, id), 201);
  });
  return app;
}
