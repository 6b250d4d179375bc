// The demo's concern story on both databases, over the real Tees Valley (16C) slice published as
// release "demo", the demo accounts and the governance demo: a concern raised from A81001's red flag
// goes through reply, a committee peer review with the GP partner recused, and an improvement plan;
// a second concern (A81002) is referred and the contract holder records a remedial notice; release
// "demo-2" then shows the plan's progress. Seeding twice changes nothing.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Actor } from '../../src/app/actor.ts';
import { getConcern } from '../../src/app/concerns/read.ts';
import { importIndicatorTemplate } from '../../src/app/indicators/import-template.ts';
import type { Mailer } from '../../src/app/notifications/mailer.ts';
import {
  DEMO_A81002_MANAGER,
  seedConcernsDemoAfter,
  seedConcernsDemoBefore,
} from '../../src/demo/concerns.ts';
import { seedGovernanceDemo } from '../../src/demo/governance.ts';
import { createDemoUsers } from '../../src/demo/users.ts';
import { parseRoleSpec } from '../../src/domain/roles.ts';
import type { Store } from '../../src/store/database.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { seedBenchmarkingSlice, slicePractices } from '../web/benchmarking-slice.ts';

const TODAY = '2026-11-24';
const sent: { to: string; subject: string }[] = [];
const mailer: Mailer = {
  describe: 'test',
  async send(mail) {
    sent.push({ to: mail.to, subject: mail.subject });
  },
};
const actor = (username: string, ...specs: string[]): Actor => ({
  userId: 0,
  username,
  displayName: username,
  roles: specs.map(parseRoleSpec),
});
const manager = actor('demo-commissioning-manager', 'commissioning_manager:16C');
const lmc = actor('demo-lmc-representative', 'lmc_representative:16C');
const otherLmc = actor('another-lmc', 'lmc_representative:16C');

async function counts(
  store: () => { db: import('kysely').Kysely<import('../../src/store/schema.ts').Database> },
) {
  const db = store().db;
  const n = async (table: 'audit_log' | 'concern' | 'concern_event' | 'concern_notice' | 'agenda_item') =>
    (await db.selectFrom(table).select('id').execute()).length;
  return {
    audit: await n('audit_log'),
    concerns: await n('concern'),
    events: await n('concern_event'),
    notices: await n('concern_notice'),
    items: await n('agenda_item'),
  };
}

// A monthly local indicator like the demo's synthetic one (missed appointments, lower is better): every
// 16C practice near 6%, A81001 at 15% (a red flag in "demo"); the second file adds two months in which
// A81001 is down to 7.5% (progress in "demo-2").
const CODE = 'TEST-DNA';
const HEADER =
  'indicator_code,indicator_name,type,multiplier,polarity,period_type,practice_code,period,numerator,denominator';
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08'];
const LATER = ['2026-09', '2026-10'];
let folder = '';

async function importDna(store: Store, months: readonly string[], a81001: (month: string) => number) {
  const lines = [HEADER];
  for (const [i, practice] of slicePractices().entries()) {
    for (const [m, month] of months.entries()) {
      const n = practice === 'A81001' ? a81001(month) : 20 + ((i * 7 + m * 3) % 9);
      lines.push(
        `${CODE},Missed appointments (test),proportion,100,lower_is_better,month,${practice},${month},${n},400`,
      );
    }
  }
  const path = join(folder, `dna-${months.length}.csv`);
  await writeFile(path, `${lines.join('\r\n')}\r\n`);
  await importIndicatorTemplate(store, path, 'test-seed', TEST_NOW);
}

after(() => rm(folder, { recursive: true, force: true }));

forEachDatabase('the concerns demo', (store) => {
  let planId = 0;
  let referralId = 0;

  before(async () => {
    const db = store().db;
    folder ||= await mkdtemp(join(tmpdir(), 'fairview-concerns-demo-'));
    await importDna(store(), MONTHS, () => 60);
    await seedBenchmarkingSlice(store(), { release: 'demo' });
    await createDemoUsers(db, { now: TEST_NOW, cost: { N: 2 ** 10, r: 8, p: 1 } });
    await seedGovernanceDemo(db, TEST_NOW);
    const outcome = await seedConcernsDemoBefore(store(), { now: new Date(`${TODAY}T12:00:00Z`), mailer });
    assert.equal(outcome.seeded, true, outcome.notes.join('; '));
    planId = outcome.planConcernId!;
    referralId = outcome.referralConcernId!;
    assert.ok(planId && referralId, outcome.notes.join('; '));
  });

  it('raises the first concern from a red flag of A81001 in release "demo", its data pack frozen', async () => {
    const view = await getConcern(store().db, manager, planId, TODAY);
    assert.equal(view.row.practice_code, 'A81001');
    assert.equal(view.row.source, 'funnel_outlier');
    assert.equal(view.releaseName, 'demo');
    // No indicator was named and the store has no synthetic one: the first red flag of A81001.
    assert.equal(view.indicator?.code, CODE);
    assert.equal(view.row.flag, 'high_99_8');
    assert.equal(view.row.period, '2026-08');
    assert.match(view.row.flag ?? '', /99_8/);
    assert.notEqual(view.row.data_pack, null);
    assert.equal(view.row.raised_by, 'demo-commissioning-analyst');
    assert.match(view.row.title, /^Demo:/);
  });

  it('walks it through the reply, a committee peer review with the GP partner recused, to a plan', async () => {
    const db = store().db;
    const view = await getConcern(db, manager, planId, TODAY);
    assert.equal(view.row.state, 'improvement_plan');
    assert.deepEqual(
      view.events.map((e) => [e.step, e.actor]),
      [
        ['raised', 'demo-commissioning-analyst'],
        ['triage', 'demo-commissioning-analyst'],
        ['notify_practice', 'demo-commissioning-manager'],
        ['invite_lmc', 'demo-practice-manager'],
        ['reply', 'demo-practice-manager'],
        ['start_peer_review', 'demo-commissioning-manager'],
        ['record_outcome', 'demo-commissioning-manager'],
      ],
    );
    const reply = view.events.find((e) => e.step === 'reply')!.detail as Record<string, string>;
    assert.ok(reply.population_context && reply.data_quality && reply.actions_taken);
    assert.equal(view.attachments.length, 1);
    assert.ok(view.peerReview, 'a committee item');
    assert.ok(
      view.peerReview.recused.some((r) => r.name.startsWith('Dr Sarah Bell') && /A81001/.test(r.reason)),
      JSON.stringify(view.peerReview.recused),
    );
    const decision = await db
      .selectFrom('item_decision')
      .selectAll()
      .where('item_id', '=', view.peerReview.agendaItemId)
      .executeTakeFirst();
    assert.match(decision?.decision_text ?? '', /improvement plan/);
    assert.ok(view.plan);
    assert.equal(view.plan.actions.length, 3);
    assert.ok(view.plan.actions.every((a) => a.owner !== '' && /^\d{4}-\d{2}-\d{2}$/.test(a.dueOn)));
    assert.equal(view.plan.indicatorId, view.row.indicator_id);
    assert.ok(Number.isFinite(view.plan.target));
    assert.deepEqual(view.plan.progress, []);
    // Every step is in the audit log as well.
    const audited = await db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'concern')
      .where('entity_id', '=', String(planId))
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audited.map((a) => a.action),
      view.events.map((e) => `concern_${e.step}`),
    );
  });

  it('lets the invited LMC representative see the first concern, and no other LMC account', async () => {
    const db = store().db;
    assert.equal((await getConcern(db, lmc, planId, TODAY)).visibility, 'full');
    await assert.rejects(getConcern(db, otherLmc, planId, TODAY), /invited/);
    await assert.rejects(getConcern(db, lmc, referralId, TODAY), /invited/);
  });

  it('refers the second concern and the contract holder records a remedial notice with its clock', async () => {
    const view = await getConcern(store().db, manager, referralId, TODAY);
    assert.equal(view.row.practice_code, 'A81002');
    assert.equal(view.row.type, 'contract_matter');
    assert.equal(view.row.state, 'referred');
    assert.deepEqual(
      view.events.map((e) => e.step),
      [
        'raised',
        'triage',
        'notify_practice',
        'reply',
        'start_peer_review',
        'record_outcome',
        'remedial_notice',
      ],
    );
    assert.equal(view.events.find((e) => e.step === 'reply')?.actor, DEMO_A81002_MANAGER);
    // 16C holds contract management at level 3 in the governance demo: its manager acts for NHS England.
    assert.match(view.contractHolder.holderLabel, /16C.*level 3/);
    assert.equal(view.notices.length, 1);
    const notice = view.notices[0]!;
    assert.equal(notice.kind, 'remedial');
    assert.ok(notice.breach && notice.remedy);
    assert.ok((notice.remedy_period_days ?? 0) >= 28);
    assert.equal(notice.issued_by, 'demo-commissioning-manager');
    assert.deepEqual(notice.clock, { dueOn: '2027-01-05', daysRemaining: 42, overdue: false });
  });

  it('notified the practices, the commissioner, the area team and the LMC along the way', async () => {
    const db = store().db;
    const inbox = async (username: string): Promise<string[]> =>
      (
        await db
          .selectFrom('notification')
          .innerJoin('app_user', 'app_user.id', 'notification.user_id')
          .select('notification.subject')
          .where('app_user.username', '=', username)
          .execute()
      ).map((r) => r.subject);
    const practice = await inbox('demo-practice-partner');
    assert.ok(
      practice.some((s) => /reply is due by 2026-12-22/.test(s)),
      practice.join(' | '),
    );
    assert.ok(practice.some((s) => /peer review/.test(s)));
    assert.ok(practice.some((s) => /Outcome of concern .*Improvement plan/.test(s)));
    const lmcInbox = await inbox('demo-lmc-representative');
    assert.ok(
      lmcInbox.some((s) => /invited to concern/.test(s)),
      lmcInbox.join(' | '),
    );
    const areaTeam = await inbox('demo-area-team');
    assert.ok(
      areaTeam.some((s) => /[Rr]eferred to the contract holder/.test(s)),
      areaTeam.join(' | '),
    );
    assert.ok(areaTeam.some((s) => /Remedial notice to A81002: remedy by 2027-01-05/.test(s)));
    const analyst = await inbox('demo-commissioning-analyst');
    assert.ok(
      analyst.some((s) => /Remedial notice/.test(s)),
      analyst.join(' | '),
    );
    const a81002 = await inbox(DEMO_A81002_MANAGER);
    assert.ok(a81002.some((s) => /Remedial notice/.test(s)));
  });

  it('does nothing the second time', async () => {
    const before = await counts(store);
    const again = await seedConcernsDemoBefore(store(), { now: new Date(`${TODAY}T12:00:00Z`), mailer });
    assert.equal(again.seeded, false);
    assert.equal(again.planConcernId, planId);
    assert.deepEqual(await counts(store), before);
  });

  it('shows the plan’s progress once release "demo-2" is published, once', async () => {
    const db = store().db;
    const { recompute } = await import('../../src/app/compute/recompute.ts');
    await importDna(store(), [...MONTHS, ...LATER], (month) => (LATER.includes(month) ? 30 : 60));
    await recompute(store(), { now: TEST_NOW, release: 'demo-2', publish: true, actor: 'demo' });
    const outcome = await seedConcernsDemoAfter(store(), { now: new Date(`${TODAY}T12:00:00Z`), mailer });
    assert.equal(outcome.seeded, true, outcome.notes.join('; '));
    const view = await getConcern(db, manager, planId, TODAY);
    assert.equal(view.plan?.progress.length, 1);
    assert.equal(view.plan?.progress[0]?.releaseName, 'demo-2');
    assert.equal(view.plan?.progress[0]?.period, '2026-10');
    assert.equal(view.plan?.progress[0]?.value, 7.5);
    assert.equal(view.plan?.progress[0]?.targetMet, true);
    assert.equal(view.events.at(-1)?.step, 'progress_measured');
    const before = await counts(store);
    assert.equal(
      (await seedConcernsDemoAfter(store(), { now: new Date(`${TODAY}T12:00:00Z`), mailer })).seeded,
      false,
    );
    assert.equal(
      (await seedConcernsDemoBefore(store(), { now: new Date(`${TODAY}T12:00:00Z`), mailer })).seeded,
      false,
    );
    assert.deepEqual(await counts(store), before);
  });
});
