// Pre-publication checks, notifications and public figures on a real slice: 40 practices of the QOF
// atrial fibrillation register 2018-19 with their hierarchy, recomputed into draft releases. A practice
// queries a figure; the draft cannot be published (by the use case, nor by `recompute --publish`)
// while the query is open, unless a decision-maker overrides with a recorded reason.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Actor } from '../../src/app/actor.ts';
import {
  disclosurePatterns,
  forgetDisclosurePatterns,
  warmDisclosurePatterns,
} from '../../src/app/benchmarking/disclosure.ts';
import { recompute } from '../../src/app/compute/recompute.ts';
import { outboxMailer } from '../../src/app/notifications/mailer.ts';
import {
  markNotificationsRead,
  notificationsFor,
  notify,
  setUserEmail,
  unreadNotificationCount,
} from '../../src/app/notifications/notify.ts';
import { answerDataQuery, listDataQueries, raiseDataQuery } from '../../src/app/releases/data-queries.ts';
import { type PublicFigure, publicAreaFigures, releaseAreas } from '../../src/app/releases/public-release.ts';
import { afterPublication, publishRelease } from '../../src/app/releases/publish.ts';
import { isUseCaseError } from '../../src/app/use-case-error.ts';
import { DEFAULT_DISCLOSURE_RULE } from '../../src/domain/disclosure/index.ts';
import { parseRoleSpec } from '../../src/domain/roles.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { addUser } from '../web/client.ts';
import { firstPractices, importSlice, type Slice, writeSlice } from './benchmarking-fixture.ts';

const practices = firstPractices('PREVALENCE_1819_v2.csv', 40);
let slice: Slice;
let outbox: string;

before(async () => {
  slice = await writeSlice({
    prevalence: ['PREVALENCE_1819_v2.csv'],
    groups: ['AF'],
    hierarchy: ['ORGANISATION_REFERENCE_1819_v2.csv'],
    practices,
  });
  outbox = await mkdtemp(join(tmpdir(), 'fairview-outbox-'));
});
after(async () => {
  await slice.remove();
  await rm(outbox, { recursive: true, force: true });
});

/** Publishing over open queries is refused as a conflict that names them. */
const openQueriesConflict = (error: unknown) =>
  isUseCaseError(error, 'conflict') && /open data quer/.test(error.message);

function actor(username: string, ...specs: string[]): Actor {
  return { username, roles: specs.map(parseRoleSpec) };
}

forEachDatabase('pre-publication data queries', (store) => {
  let practice = '';
  let subIcb = '';
  let indicatorId = 0;
  let period = '';
  const mailer = () => outboxMailer(outbox);

  before(async () => {
    await importSlice(store(), slice);
    await recompute(store(), { now: TEST_NOW, actor: 'analyst', release: 'r1' });
    const figure = await store()
      .db.selectFrom('result')
      .innerJoin('release', 'release.id', 'result.release_id')
      .select(['result.area_code', 'result.sub_icb_code', 'result.indicator_id', 'result.period'])
      .where('release.name', '=', 'r1')
      .where('result.area_kind', '=', 'practice')
      .where('result.sub_icb_code', 'is not', null)
      .orderBy('result.area_code')
      .limit(1)
      .executeTakeFirstOrThrow();
    practice = figure.area_code;
    subIcb = figure.sub_icb_code!;
    indicatorId = figure.indicator_id;
    period = figure.period;
    await addUser(store().db, 'pm', `practice_manager:${practice}`);
    await addUser(store().db, 'analyst', `commissioning_analyst:${subIcb}`);
    await addUser(store().db, 'manager', `commissioning_manager:${subIcb}`);
    const analyst = await store()
      .db.selectFrom('app_user')
      .select('id')
      .where('username', '=', 'analyst')
      .executeTakeFirstOrThrow();
    await setUserEmail(store().db, analyst.id, 'analyst@example.nhs.uk');
  });

  it('lets a practice query one of its own figures in a draft, and tells the commissioners (in the app and by e-mail)', async () => {
    const before = (await readdir(outbox)).length;
    const query = await raiseDataQuery(
      store().db,
      actor('pm', `practice_manager:${practice}`),
      {
        releaseName: 'r1',
        practiceCode: practice,
        indicatorId,
        period,
        question: 'Our register was 12 higher at year end.',
      },
      { now: TEST_NOW, mailer: mailer() },
    );
    assert.equal(query.status, 'open');
    assert.equal(query.practiceCode, practice);
    const analyst = await store()
      .db.selectFrom('app_user')
      .select('id')
      .where('username', '=', 'analyst')
      .executeTakeFirstOrThrow();
    const inbox = await notificationsFor(store().db, analyst.id);
    assert.ok(inbox.some((n) => n.subject.includes(`Data query from ${practice}`)));
    // The header's count: the unread ones, up to the cap, none once read.
    const unread = inbox.filter((n) => !n.read).length;
    assert.ok(unread >= 1);
    assert.equal(await unreadNotificationCount(store().db, analyst.id), unread);
    assert.equal(await unreadNotificationCount(store().db, analyst.id, 1), 1);
    await markNotificationsRead(store().db, analyst.id, TEST_NOW);
    assert.equal(await unreadNotificationCount(store().db, analyst.id), 0);
    const files = await readdir(outbox);
    assert.equal(files.length, before + 1, 'one e-mail: only the analyst has an address');
    const mail = await readFile(join(outbox, files.sort().at(-1)!), 'utf8');
    assert.match(mail, /^To: <analyst@example\.nhs\.uk>/m);
  });

  it('refuses a query from another practice, or about a figure the release does not have', async () => {
    await assert.rejects(
      raiseDataQuery(
        store().db,
        actor('pm', `practice_manager:${practice}`),
        {
          releaseName: 'r1',
          practiceCode: 'Z99999',
          indicatorId,
          period,
          question: 'Not ours',
        },
        { now: TEST_NOW },
      ),
      (error: unknown) => isUseCaseError(error, 'forbidden'),
    );
    await assert.rejects(
      raiseDataQuery(
        store().db,
        actor('pm', `practice_manager:${practice}`),
        {
          releaseName: 'r1',
          practiceCode: practice,
          indicatorId,
          period: '1999-00',
          question: 'No such period',
        },
        { now: TEST_NOW },
      ),
      /no such figure/,
    );
  });

  it('blocks publication while a query is open, through the use case and through recompute --publish', async () => {
    await assert.rejects(
      publishRelease(
        store().db,
        actor('analyst', `commissioning_analyst:${subIcb}`),
        { releaseName: 'r1' },
        { now: TEST_NOW, mailer: null },
      ),
      openQueriesConflict,
    );
    await assert.rejects(
      recompute(store(), { now: TEST_NOW, actor: 'analyst', release: 'r1', publish: true }),
      openQueriesConflict,
    );
    const release = await store()
      .db.selectFrom('release')
      .select('status')
      .where('name', '=', 'r1')
      .executeTakeFirstOrThrow();
    assert.equal(release.status, 'draft');
  });

  it('lets only a decision-maker override open queries, and records the reason in the audit log', async () => {
    await assert.rejects(
      publishRelease(
        store().db,
        actor('analyst', `commissioning_analyst:${subIcb}`),
        { releaseName: 'r1', overrideReason: 'Deadline' },
        { now: TEST_NOW, mailer: null },
      ),
      (error: unknown) => isUseCaseError(error, 'forbidden'),
    );
    const outcome = await publishRelease(
      store().db,
      actor('manager', `commissioning_manager:${subIcb}`),
      {
        releaseName: 'r1',
        overrideReason: 'The board meets tomorrow; the register correction will follow in the next release.',
      },
      { now: TEST_NOW, mailer: null },
    );
    assert.equal(outcome.release.status, 'published');
    assert.equal(outcome.overridden.length, 1);
    const audit = await store()
      .db.selectFrom('audit_log')
      .select(['actor', 'after'])
      .where('action', '=', 'release_publish_override')
      .where('entity_id', '=', 'r1')
      .executeTakeFirstOrThrow();
    assert.equal(audit.actor, 'manager');
    assert.match(JSON.stringify(audit.after), /board meets tomorrow/);
  });

  it('publishes once every query is answered, and tells the practice the answer', async () => {
    await recompute(store(), { now: TEST_NOW, actor: 'analyst', release: 'r2' });
    const query = await raiseDataQuery(
      store().db,
      actor('pm', `practice_manager:${practice}`),
      { releaseName: 'r2', practiceCode: practice, indicatorId, period, question: 'Check the denominator.' },
      { now: TEST_NOW, mailer: null },
    );
    await assert.rejects(
      answerDataQuery(
        store().db,
        actor('pm', `practice_manager:${practice}`),
        {
          queryId: query.id,
          decision: 'reject',
          answer: 'no',
        },
        { now: TEST_NOW },
      ),
      (error: unknown) => isUseCaseError(error, 'forbidden'),
    );
    await assert.rejects(
      answerDataQuery(
        store().db,
        actor('analyst', `commissioning_analyst:${subIcb}`),
        {
          queryId: query.id,
          decision: 'reject',
          answer: '  ',
        },
        { now: TEST_NOW },
      ),
      /reasons/,
    );
    const answered = await answerDataQuery(
      store().db,
      actor('analyst', `commissioning_analyst:${subIcb}`),
      {
        queryId: query.id,
        decision: 'reject',
        answer: 'The denominator is the published QOF register at 31 March.',
      },
      { now: TEST_NOW, mailer: null },
    );
    assert.equal(answered.status, 'rejected');
    const pm = await store()
      .db.selectFrom('app_user')
      .select('id')
      .where('username', '=', 'pm')
      .executeTakeFirstOrThrow();
    assert.ok((await notificationsFor(store().db, pm.id)).some((n) => n.subject.includes('was rejected')));
    const outcome = await publishRelease(
      store().db,
      actor('analyst', `commissioning_analyst:${subIcb}`),
      { releaseName: 'r2' },
      { now: TEST_NOW, mailer: null },
    );
    assert.equal(outcome.release.status, 'published');
    assert.deepEqual(outcome.overridden, []);
    assert.equal((await listDataQueries(store().db, { releaseName: 'r2' }))[0]?.status, 'rejected');
  });

  it('tells practices of their flags once, however often the steps after publication run', async () => {
    const db = store().db;
    const flagNotices = async () =>
      (
        await db
          .withTables<{ notification: { id: number; subject: string } }>()
          .selectFrom('notification')
          .select('id')
          .where('subject', 'like', 'Release r2 is published:%')
          .execute()
      ).length;
    const told = await flagNotices();
    const again = await afterPublication(db, 'r2', 'analyst', { now: TEST_NOW, mailer: null });
    assert.deepEqual(again, { practicesNotified: 0, plansProgressed: [] });
    const republished = await publishRelease(
      db,
      actor('analyst', `commissioning_analyst:${subIcb}`),
      { releaseName: 'r2' },
      { now: TEST_NOW, mailer: null },
    );
    assert.equal(republished.practicesNotified, 0);
    assert.equal(await flagNotices(), told, 'no one is told twice');
    // A practice manager added since is told of the flags when the steps run again.
    const flagged = await db
      .selectFrom('result')
      .innerJoin('release', 'release.id', 'result.release_id')
      .select('result.area_code')
      .where('release.name', '=', 'r2')
      .where('result.area_kind', '=', 'practice')
      .where('result.funnel_flag', 'in', ['high_95', 'high_99_8', 'low_95', 'low_99_8'])
      .orderBy('result.area_code')
      .executeTakeFirst();
    assert.ok(flagged, 'the slice flags some practice in r2');
    await addUser(db, 'pm-late', `practice_manager:${flagged.area_code}`);
    const late = await afterPublication(db, 'r2', 'analyst', { now: TEST_NOW, mailer: null });
    assert.equal(late.practicesNotified, 1);
    assert.equal(await flagNotices(), told + 1);
  });

  it('shows no count from 1 to 7 in the public figures of a published release', async () => {
    const release = await store()
      .db.selectFrom('release')
      .selectAll()
      .where('name', '=', 'r2')
      .executeTakeFirstOrThrow();
    const areas = await releaseAreas(store().db, release);
    assert.ok(areas.length > 0);
    let cells = 0;
    for (const area of areas) {
      for (const table of await publicAreaFigures(store().db, release, area.code, DEFAULT_DISCLOSURE_RULE)) {
        for (const f of [...table.rows, table.total]) {
          for (const c of [f.numerator, f.denominator]) {
            cells++;
            if (c.kind === 'shown')
              assert.ok(c.value === 0 || c.value >= 8, `${table.indicatorCode} shows ${c.value}`);
          }
          if (f.numerator.kind === 'suppressed' || f.denominator.kind === 'suppressed')
            assert.equal(f.value, null);
        }
        // Nothing recovered by subtraction: in each column, never exactly one hidden figure beside the
        // total (the complement is hidden exactly where the count is, so it is covered too).
        for (const pick of [(f: PublicFigure) => f.numerator, (f: PublicFigure) => f.denominator])
          assert.notEqual(
            [...table.rows, table.total].filter((f) => pick(f).kind === 'suppressed').length,
            1,
            `${area.code} ${table.indicatorCode}`,
          );
        // The release's one pattern over England's hierarchy, the benchmarking pages' own.
        const indicator = await store()
          .db.selectFrom('indicator')
          .select('id')
          .where('code', '=', table.indicatorCode)
          .orderBy('version', 'desc')
          .executeTakeFirstOrThrow();
        const { pattern } = (
          await disclosurePatterns(store().db, release, DEFAULT_DISCLOSURE_RULE, [
            { indicatorId: indicator.id, period: table.period },
          ])
        )(indicator.id, table.period);
        for (const row of table.rows) {
          const mask = pattern.practices.get(row.code) ?? 0;
          assert.equal(row.numerator.kind === 'suppressed', (mask & 3) !== 0, row.code);
          assert.equal(row.denominator.kind === 'suppressed', (mask & 4) !== 0, row.code);
        }
        const totalMask = pattern.areas.get(area.code) ?? 0;
        assert.equal(table.total.numerator.kind === 'suppressed', (totalMask & 3) !== 0);
      }
    }
    assert.ok(cells > 0);
  });

  it('records progress on each improvement plan a published release re-measures, and tells the practice', async () => {
    const db = store().db;
    const r1 = await db.selectFrom('release').selectAll().where('name', '=', 'r1').executeTakeFirstOrThrow();
    // A concern already at its improvement plan, measured against r1 (written directly: the concern
    // steps are tested in test/app/concerns.test.ts).
    const concern = await db
      .insertInto('concern')
      .values({
        practice_code: practice,
        type: 'practice_performance',
        source: 'by_hand',
        state: 'improvement_plan',
        title: 'Atrial fibrillation register',
        reason: 'Register lower than peers',
        raised_by: 'analyst',
        raised_at: TEST_NOW,
        updated_at: TEST_NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('concern_plan')
      .values({
        concern_id: concern.id,
        indicator_id: indicatorId,
        baseline_release_id: r1.id,
        baseline_value: 1,
        target: 2,
        created_at: TEST_NOW,
        created_by: 'manager',
      })
      .execute();
    await recompute(store(), { now: TEST_NOW, actor: 'analyst', release: 'r3' });
    const outcome = await publishRelease(
      db,
      actor('analyst', `commissioning_analyst:${subIcb}`),
      { releaseName: 'r3' },
      { now: TEST_NOW, mailer: null },
    );
    assert.equal(outcome.release.status, 'published');
    assert.deepEqual(outcome.plansProgressed, [concern.id]);
    const events = await db
      .selectFrom('concern_event')
      .select(['step', 'actor', 'detail'])
      .where('concern_id', '=', concern.id)
      .execute();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.step, 'progress_measured');
    assert.equal(events[0]!.actor, 'analyst');
    assert.equal((events[0]!.detail as { release: string }).release, 'r3');
    const pm = await db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'pm')
      .executeTakeFirstOrThrow();
    assert.ok(
      (await notificationsFor(db, pm.id)).some((n) => n.subject.includes('Release r3 re-measures')),
      'the practice is told',
    );
    // Publishing again changes nothing and notes nothing twice.
    const again = await publishRelease(
      db,
      actor('analyst', `commissioning_analyst:${subIcb}`),
      { releaseName: 'r3' },
      { now: TEST_NOW, mailer: null },
    );
    assert.deepEqual(again.plansProgressed, []);
    assert.equal(
      (await db.selectFrom('concern_event').select('id').where('concern_id', '=', concern.id).execute())
        .length,
      1,
    );
  });

  it("prepares the latest published release's patterns in advance: every indicator's two latest periods", async () => {
    const db = store().db;
    const latest = await db
      .selectFrom('release')
      .selectAll()
      .where('status', '=', 'published')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const periods = await db
      .selectFrom('result')
      .select(['indicator_id', 'period'])
      .distinct()
      .where('release_id', '=', latest.id)
      .where('area_kind', '=', 'country')
      .execute();
    const perIndicator = new Map<number, number>();
    for (const p of periods) perIndicator.set(p.indicator_id, (perIndicator.get(p.indicator_id) ?? 0) + 1);
    const expected = [...perIndicator.values()].reduce((s, n) => s + Math.min(2, n), 0);
    forgetDisclosurePatterns();
    assert.equal(await warmDisclosurePatterns(db, DEFAULT_DISCLOSURE_RULE), expected);
    assert.ok(expected > 0);
  });

  it('notifies by role and organisation, in the app only when no mailer is given', async () => {
    const outcome = await notify(
      store().db,
      {
        to: { roles: ['commissioning_manager'], organisationCodes: [subIcb] },
        subject: 'Decision recorded',
        body: 'See the committee page.',
        link: '/committees',
      },
      { now: TEST_NOW, mailer: null },
    );
    assert.equal(outcome.notificationIds.length, 1);
    assert.equal(outcome.emailed, 0);
  });
});
