/**
 * A practice: its public page, its restricted record, an administrator's lineage link, and their JSON
 * twins (issue 17). Who may see the record or edit lineage is the policy's; these routes translate HTTP.
 */
import { type Context, Hono } from 'hono';
import { currentAncestors, findOrganisation } from '../../../app/browse/organisations.ts';
import { getPracticeProfile } from '../../../app/browse/practice-profile.ts';
import { getPracticeRecord } from '../../../app/browse/practice-record.ts';
import type { Clock } from '../../../app/clock.ts';
import type { Db, LineageKind } from '../../../app/db.ts';
import { addLineageLink, LINEAGE_KINDS, LineageError } from '../../../app/lineage-edit.ts';
import { can } from '../../../domain/policy.ts';
import { describeApiRoute } from '../../api/openapi.ts';
import { problem, problemOf } from '../../api/problem.ts';
import { readForm, text } from '../../forms.ts';
import { MAX_FIELD_CHARS } from '../../limits.ts';
import { notFoundPage } from '../../pages/errors.ts';
import { type LineageForm, practicePage } from '../../pages/practice.ts';
import { practiceRecordPage } from '../../pages/practice-record.ts';
import { deny } from '../../refusals.ts';
import { ORG_CODE, type RouteEnv } from '../../request.ts';

/** The lineage form beside the practice page; addLineageLink checks what the fields mean. */
const LINEAGE_FORM = {
  direction: text(MAX_FIELD_CHARS),
  other_code: text(MAX_FIELD_CHARS),
  kind: text(MAX_FIELD_CHARS),
  effective_date: text(MAX_FIELD_CHARS),
  note: text(MAX_FIELD_CHARS),
};

const isLineageKind = (kind: string): kind is LineageKind =>
  (LINEAGE_KINDS as readonly string[]).includes(kind);

type Deps = { db: Db; now: Clock };

async function renderPractice(
  db: Db,
  c: Context<RouteEnv>,
  code: string,
  form?: LineageForm,
  status: 200 | 400 = 200,
) {
  const profile = ORG_CODE.test(code) ? await getPracticeProfile(db, code) : null;
  if (!profile) return c.html(notFoundPage(c.get('viewer'), 'Practice not found'), 404);
  if (profile.practice.code !== code) return c.redirect(`/practices/${profile.practice.code}`, 301);
  const user = c.get('session')?.user ?? null;
  const target = { organisationCode: profile.practice.code, ancestors: profile.current.map((a) => a.code) };
  return c.html(
    practicePage({
      viewer: c.get('viewer'),
      profile,
      canEditLineage: can(user, 'edit_lineage', target).allowed,
      canViewRestricted: can(user, 'view_restricted_practice', target).allowed,
      lineageForm: form,
    }),
    status,
  );
}

/** The practice a path names, or null. */
async function practiceOf(db: Db, code: string) {
  const practice = ORG_CODE.test(code) ? await findOrganisation(db, code) : null;
  return practice?.kind === 'practice' ? practice : null;
}

/** The profile, the restricted record, then lineage: the order their routes were registered before the split. */
export function practiceRoutes(deps: Deps): Hono<RouteEnv> {
  return new Hono<RouteEnv>()
    .route('/', practiceProfileRoutes(deps))
    .route('/', practiceRecordRoutes(deps))
    .route('/', practiceLineageRoutes(deps));
}

/** A practice's profile, as a page and as JSON. */
function practiceProfileRoutes({ db }: Deps): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();
  // Open data, but the policy still answers (see browse/search.ts).
  app.get('/practices/:code', async (c, next) => deny(c, 'view_public') ?? next());

  app.get('/practices/:code', (c) => renderPractice(db, c, c.req.param('code')));

  describeApiRoute({
    method: 'get',
    path: '/api/practices/:code',
    summary:
      'A practice: ODS details, its organisations now and over time, lineage, lists, population, QOF registers, IMD',
    tag: 'Organisations',
    access: 'anyone',
  });
  app.get('/api/practices/:code', async (c) => {
    const code = c.req.param('code').toUpperCase();
    const profile = ORG_CODE.test(code) ? await getPracticeProfile(db, code) : null;
    if (!profile) return problem(c, 404, 'Practice not found');
    return c.json(profile);
  });

  return app;
}

/** A practice's restricted record, as JSON and as a page. */
function practiceRecordRoutes({ db }: Deps): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  describeApiRoute({
    method: 'get',
    path: '/api/practices/:code/record',
    summary: "A practice's restricted record (as /practices/CODE/record)",
    tag: 'Organisations',
    access: 'people who work with that practice (policy: view_restricted_practice)',
  });
  app.get('/api/practices/:code/record', async (c) => {
    const practice = await practiceOf(db, c.req.param('code').toUpperCase());
    if (!practice) return problem(c, 404, 'Practice not found');
    const ancestors = (await currentAncestors(db, practice)).map((a) => a.code);
    const decision = can(c.get('session')?.user ?? null, 'view_restricted_practice', {
      organisationCode: practice.code,
      ancestors,
    });
    if (!decision.allowed) return problemOf(c, 'forbidden', decision.reason);
    return c.json({ practice, record: await getPracticeRecord(db, practice.code) });
  });

  app.get('/practices/:code/record', async (c) => {
    const practice = await practiceOf(db, c.req.param('code').toUpperCase());
    if (!practice) return c.html(notFoundPage(c.get('viewer'), 'Practice not found'), 404);
    const ancestors = (await currentAncestors(db, practice)).map((a) => a.code);
    const denied = deny(c, 'view_restricted_practice', { organisationCode: practice.code, ancestors });
    if (denied) return denied;
    return c.html(practiceRecordPage(c.get('viewer')!, practice, await getPracticeRecord(db, practice.code)));
  });

  return app;
}

/** Adding a lineage link (a merger, a split, a change of code) from the practice's page. */
function practiceLineageRoutes({ db, now }: Deps): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();
  app.post('/practices/:code/lineage', async (c) => {
    const practice = await practiceOf(db, c.req.param('code').toUpperCase());
    if (!practice) return c.html(notFoundPage(c.get('viewer'), 'Practice not found'), 404);
    const denied = deny(c, 'edit_lineage', { organisationCode: practice.code });
    if (denied) return denied;
    const values = await readForm(c, LINEAGE_FORM);
    const other = values.other_code ? values.other_code.toUpperCase() : null;
    const isPredecessor = values.direction !== 'successor';
    try {
      await addLineageLink(db, {
        predecessorCode: isPredecessor ? practice.code : (other ?? ''),
        successorCode: isPredecessor ? other : practice.code,
        // Not one of the kinds: addLineageLink refuses it with its own sentence.
        kind: isLineageKind(values.kind) ? values.kind : ('' as LineageKind),
        effectiveDate: values.effective_date || null,
        note: values.note || null,
        actor: c.get('session')!.user.username,
        now: now(),
      });
    } catch (error) {
      if (!(error instanceof LineageError)) throw error;
      const errors = [{ field: error.field, message: error.message }];
      return renderPractice(db, c, practice.code, { values, errors }, 400);
    }
    return c.redirect(`/practices/${practice.code}`, 303);
  });
  return app;
}
