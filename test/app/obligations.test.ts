// Obligations on both databases, end to end through the scheduler's real queue: an agreement whose
// clauses carry a monthly scorecard review and quarterly review meetings; practices sign; moving the
// injected clock generates due items, reminds, escalates to the manager and opens the way to a
// concern (the LMC told); a return is queried and made again; a review meeting's papers go out with
// its agenda, its notes and actions are recorded, and the next meeting follows them up.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { createAgreement } from '../../src/app/agreements/agreements.ts';
import { respondToAgreement } from '../../src/app/agreements/responses.ts';
import { createUser } from '../../src/app/auth/users.ts';
import { syncBuiltInIndicators } from '../../src/app/indicators/built-in.ts';
import { type Scheduler, startScheduler } from '../../src/app/jobs/scheduler.ts';
import { recordMeeting } from '../../src/app/obligations/meetings.ts';
import {
  commissionerDashboard,
  itemView,
  meetingView,
  practiceItems,
} from '../../src/app/obligations/read.ts';
import { decideReturn, openConcernFromReturn, submitReturn } from '../../src/app/obligations/returns.ts';
import { parseRoleSpec } from '../../src/domain/roles.ts';
import { forEachDatabase } from '../support/databases.ts';
import { OBLIGATIONS_BODY } from '../support/obligations-fixture.ts';
import { seedRealSlice } from '../web/real-slice.ts';

const cost = { N: 1024, r: 8, p: 1 };
const at = (iso: string) => new Date(`${iso}T09:00:00Z`);
const manager = { username: 'cm', roles: [parseRoleSpec('commissioning_manager:16C')] };
const pm1 = { username: 'pm1', roles: [parseRoleSpec('practice_manager:A81001')] };
const pm2 = { username: 'pm2', roles: [parseRoleSpec('practice_manager:A81002')] };

forEachDatabase('obligations tracked over time', (store) => {
  let now = at('2026-06-10');
  let scheduler: Scheduler;
  let agreementId = 0;

  const subjects = async (username: string) =>
    (
      await sql<{ subject: string }>`select n.subject from notification n join app_user u on u.id = n.user_id
        where u.username = ${username} order by n.id`.execute(store().db)
    ).rows.map((r) => r.subject);

  before(async () => {
    const { db } = store();
    await seedRealSlice(db, ['A81001', 'A81002']);
    await syncBuiltInIndicators(store(), 'test', now);
    for (const [username, role] of [
      ['cm', 'commissioning_manager:16C'],
      ['pm1', 'practice_manager:A81001'],
      ['pm2', 'practice_manager:A81002'],
      ['lmc', 'lmc_representative:16C'],
    ] as const)
      await createUser(db, { username, roles: [parseRoleSpec(role)], actor: 'test', now, cost });
    scheduler = await startScheduler(db, {
      clock: () => now,
      mailer: null,
      cron: null,
      pollingIntervalSeconds: 0.5,
    });
  });

  it('refuses an obligation naming an indicator the catalogue does not hold, with its line', async () => {
    await assert.rejects(
      createAgreement(
        store().db,
        manager,
        { commissionerCode: '16C', title: 'Bad', body: OBLIGATIONS_BODY.replace('QOF-PREV-HYP', 'NO-SUCH') },
        { now, mailer: null },
      ),
      /line 9: 'NO-SUCH' is not an indicator in the catalogue/,
    );
  });

  it('records the obligations of an issued version and tells the practices to sign', async () => {
    const issued = await createAgreement(
      store().db,
      manager,
      { commissionerCode: '16C', title: 'Tees Valley quality agreement', body: OBLIGATIONS_BODY },
      { now, mailer: null },
    );
    agreementId = issued.agreementId;
    const rows = await sql<{
      cadence: string;
      evidence: string;
    }>`select cadence, evidence from obligation order by id`.execute(store().db);
    assert.deepEqual(rows.rows, [
      { cadence: 'monthly', evidence: 'scorecard_review' },
      { cadence: 'quarterly', evidence: 'review_meeting' },
    ]);
    assert.deepEqual(await subjects('pm1'), ['Agreement to sign: Tees Valley quality agreement (version 1)']);
    now = at('2026-06-11');
    for (const [actor, code] of [
      [pm1, 'A81001'],
      [pm2, 'A81002'],
    ] as const)
      await respondToAgreement(
        store().db,
        actor,
        { versionId: issued.versionId, practiceCode: code, decision: 'signed' },
        { now },
      );
  });

  it('generates due items for the signatories and reminds before and after the due date', async () => {
    now = at('2026-07-08');
    const first = await scheduler.sweepNow();
    assert.ok(first.generated.items >= 6, JSON.stringify(first.generated)); // June, July × 2 + Q1, Q2 meetings × 2
    assert.equal(first.generated.meetings, 4);
    assert.deepEqual(first.reminders.map((r) => r.step).sort(), ['due_soon', 'due_soon']);
    assert.match(
      (await subjects('pm1')).at(-1)!,
      /^Return due on 2026-07-10: Review of the practice's figures/,
    );
    now = at('2026-07-12');
    const second = await scheduler.sweepNow();
    assert.deepEqual(second.reminders.map((r) => r.step).sort(), ['overdue', 'overdue']);
    const june = (await practiceItems(store().db, 'A81002', now)).items.find(
      (i) => i.period === 'June 2026' && i.evidence === 'scorecard_review',
    )!;
    assert.equal(june.overdue, true);
    assert.equal(june.escalation, 'reminded');
  });

  it('takes a scorecard review, queries it, takes it again and accepts it', async () => {
    const { db } = store();
    const june = (await practiceItems(db, 'A81001', now)).items.find(
      (i) => i.period === 'June 2026' && i.evidence === 'scorecard_review',
    )!;
    await assert.rejects(
      submitReturn(db, pm2, june.id, { statement: 'x', fields: {} }, { now, mailer: null }),
      /no role held reaches A81001/,
    );
    await submitReturn(
      db,
      pm1,
      june.id,
      {
        statement: 'Reviewed with the partners.',
        fields: { 'note_QOF-PREV-DM': 'Case finding drive under way.' },
      },
      { now, mailer: null },
    );
    const view = await itemView(db, june.id, now);
    assert.equal(view.item.status, 'submitted');
    const content = view.submissions[0]!.content as { figures: { code: string; note: string | null }[] };
    assert.deepEqual(
      content.figures.map((f) => f.code),
      ['QOF-PREV-DM', 'QOF-PREV-HYP'],
    );
    assert.equal(content.figures[0]!.note, 'Case finding drive under way.');
    assert.match((await subjects('cm')).at(-1)!, /^A81001 made its return/);
    await assert.rejects(
      decideReturn(db, manager, june.id, { decision: 'queried', note: '' }, { now, mailer: null }),
      /Say what the query is/,
    );
    await decideReturn(
      db,
      manager,
      june.id,
      { decision: 'queried', note: 'Please add the hypertension actions.' },
      { now, mailer: null },
    );
    assert.match((await subjects('pm1')).at(-1)!, /^Return queried/);
    await submitReturn(
      db,
      pm1,
      june.id,
      { statement: 'Reviewed; hypertension clinic doubled.', fields: {} },
      { now, mailer: null },
    );
    await decideReturn(db, manager, june.id, { decision: 'accepted', note: '' }, { now, mailer: null });
    const done = await itemView(db, june.id, now);
    assert.equal(done.item.status, 'accepted');
    assert.deepEqual(
      done.submissions.map((s) => s.decision),
      ['queried', 'accepted'],
    );
  });

  it('escalates an item still overdue to the manager, then lets a concern be opened, the LMC told', async () => {
    const { db } = store();
    const june = (await practiceItems(db, 'A81002', now)).items.find(
      (i) => i.period === 'June 2026' && i.evidence === 'scorecard_review',
    )!;
    await assert.rejects(
      openConcernFromReturn(db, { ...manager, userId: 0, displayName: 'cm' }, june.id, { now, mailer: null }),
      /three weeks/,
    );
    now = at('2026-07-19');
    await scheduler.sweepNow();
    assert.equal((await itemView(db, june.id, now)).item.escalation, 'manager');
    assert.ok((await subjects('cm')).some((s) => s.startsWith('Escalated: A81002')));
    now = at('2026-08-02');
    await scheduler.sweepNow();
    assert.equal((await itemView(db, june.id, now)).item.escalation, 'concern_open');
    assert.ok((await subjects('lmc')).some((s) => s.startsWith('Three weeks overdue: A81002')));
    const concernId = await openConcernFromReturn(db, { ...manager, userId: 0, displayName: 'cm' }, june.id, {
      now,
      mailer: null,
    });
    assert.equal((await itemView(db, june.id, now)).item.concern_id, concernId);
    assert.ok((await subjects('lmc')).some((s) => s === "A concern is opened about A81002's overdue return"));
    const dash = await commissionerDashboard(db, '16C', now);
    const a81002 = dash.practices.find((p) => p.practiceCode === 'A81002')!;
    assert.equal(a81002.worstEscalation, 'concern_open');
    assert.ok(dash.overdue.some((i) => i.id === june.id));
  });

  it('sends a review meeting’s papers with its agenda, records it and follows its actions up next time', async () => {
    const { db } = store();
    const q2 = (await practiceItems(db, 'A81001', now)).items.find(
      (i) => i.evidence === 'review_meeting' && i.period.startsWith('Q2'),
    )!;
    const meetingId = q2.meetingId!;
    assert.equal((await meetingView(db, meetingId, now)).scheduledOn, '2026-09-16');
    now = at('2026-09-12');
    const sweep = await scheduler.sweepNow();
    assert.ok(sweep.reminders.some((r) => r.kind === 'review_meeting_papers'));
    const papers = await meetingView(db, meetingId, now);
    assert.ok(papers.agendaFrozen && papers.papersSentAt);
    assert.ok(
      papers.agenda.some((e) => e.kind === 'overdue'),
      'the overdue July return is on the agenda',
    );
    assert.ok(
      (await subjects('pm1')).some((s) =>
        s.startsWith('Papers for the practice review meeting with A81001 on 2026-09-16'),
      ),
    );
    now = at('2026-09-16');
    await recordMeeting(
      db,
      manager,
      meetingId,
      {
        notes: 'Discussed the scorecard and the overdue return.',
        actions: [{ action: 'Audit diabetes register', owner: 'Practice manager', dueOn: '2026-11-30' }],
        followUps: [],
      },
      { now, mailer: null },
    );
    const recorded = await meetingView(db, meetingId, now);
    assert.equal(recorded.actions.length, 1);
    assert.equal((await itemView(db, q2.id, now)).item.status, 'accepted');
    now = at('2026-10-01');
    await scheduler.sweepNow();
    const q3 = (await practiceItems(db, 'A81001', now)).items.find(
      (i) => i.evidence === 'review_meeting' && i.period.startsWith('Q3'),
    )!;
    const next = await meetingView(db, q3.meetingId!, now);
    assert.deepEqual(
      next.followUps.map((f) => f.action),
      ['Audit diabetes register'],
    );
    assert.ok(
      next.agenda.some((e) => e.kind === 'follow_up' && e.title === 'Follow-up: Audit diabetes register'),
    );
    await recordMeeting(
      db,
      manager,
      q3.meetingId!,
      {
        notes: 'Register audited.',
        actions: [],
        followUps: [
          { actionId: next.followUps[0]!.id, status: 'done', note: 'Audit done: 14 patients added.' },
        ],
      },
      { now, mailer: null },
    );
    assert.equal((await meetingView(db, meetingId, now)).actions[0]!.status, 'done');
  });

  it('stops', async () => {
    await scheduler.stop();
    assert.ok(agreementId > 0);
  });
});
