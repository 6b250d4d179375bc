// The demo's obligations story ("Done when" of issue 18), on both databases: an agreement whose monthly
// prescribing-review obligation generated due items, one practice overdue with its reminder sent and
// escalated, a quarterly review meeting with actions, the demo accounts' e-mail in the outbox.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { getAgreementVersion } from '../../src/app/agreements/read.ts';
import { syncBuiltInIndicators } from '../../src/app/indicators/built-in.ts';
import { outboxMailer } from '../../src/app/notifications/mailer.ts';
import { listOutbox } from '../../src/app/notifications/outbox.ts';
import { consentRegister } from '../../src/app/obligations/consent.ts';
import {
  listPublicConsultations,
  publicConsultationView,
} from '../../src/app/obligations/public-consultations.ts';
import {
  commissionerDashboard,
  itemView,
  meetingView,
  practiceItems,
} from '../../src/app/obligations/read.ts';
import { seedConstitutionAndConsentDemo } from '../../src/demo/constitution-consent.ts';
import {
  DEMO_OPEN_PRACTICE,
  DEMO_OVERDUE_PRACTICE,
  seedObligationsDemo,
} from '../../src/demo/obligations.ts';
import { createDemoUsers } from '../../src/demo/users.ts';
import { forEachDatabase } from '../support/databases.ts';
import { seedRealSlice } from '../web/real-slice.ts';

const SIXTEEN_C = ['A81001', 'A81002', 'A81004', 'A81005', 'A81006', 'A81007'];
const NOW = new Date('2026-11-24T12:00:00Z');

forEachDatabase('the obligations demo for 16C', (store) => {
  let outbox = '';
  before(async () => {
    outbox = await mkdtemp(join(tmpdir(), 'fairview-outbox-'));
    await seedRealSlice(store().db, SIXTEEN_C);
    await syncBuiltInIndicators(store(), 'test', NOW);
    await createDemoUsers(store().db, { now: NOW, cost: { N: 1024, r: 8, p: 1 } });
  });
  after(async () => {
    await rm(outbox, { recursive: true, force: true });
  });

  it('plays the story through the scheduler and leaves one practice overdue and escalated', async () => {
    const seeded = await seedObligationsDemo(store().db, {
      now: NOW,
      mailer: outboxMailer(outbox),
      stepDays: 7,
    });
    assert.equal(seeded.seeded, true);
    const dash = await commissionerDashboard(store().db, '16C', NOW);
    assert.equal(dash.practices.length, SIXTEEN_C.length);
    assert.deepEqual(
      dash.overdue.map((i) => i.practiceCode),
      [DEMO_OVERDUE_PRACTICE],
    );
    const overdue = await itemView(store().db, dash.overdue[0]!.id, NOW);
    assert.ok(['manager', 'concern_open'].includes(overdue.item.escalation), overdue.item.escalation);
    assert.deepEqual(overdue.reminders.map((r) => r.step).slice(0, 3), ['due_soon', 'overdue', 'manager']);
    assert.ok(overdue.reminders.every((r) => r.deliveredAt));
    const springwood = await practiceItems(store().db, DEMO_OVERDUE_PRACTICE, NOW);
    assert.ok(
      springwood.items.filter((i) => i.evidence === 'scorecard_review').length >= 4,
      'monthly items generated',
    );
    const held = springwood.items.find((i) => i.evidence === 'review_meeting' && i.status === 'accepted')!;
    const meeting = await meetingView(store().db, held.meetingId!, NOW);
    assert.equal(meeting.actions.length, 2);
    assert.ok(meeting.actions.every((a) => a.owner && a.dueOn));
    const densham = await practiceItems(store().db, DEMO_OPEN_PRACTICE, NOW);
    assert.ok(
      densham.items.some((i) => i.evidence === 'scorecard_review' && i.status === 'due' && !i.overdue),
      'one left to make',
    );
  });

  it('sent e-mail to the demo accounts, readable in the outbox', async () => {
    const mail = await listOutbox(outbox);
    assert.ok(
      mail.some(
        (m) =>
          m.to === 'demo-commissioning-manager@demo.fairview.example' &&
          m.subject.startsWith('Escalated: A81005'),
      ),
    );
    assert.ok(
      mail.some(
        (m) =>
          m.to === 'demo-practice-manager@demo.fairview.example' && m.subject.startsWith('Agreement to sign'),
      ),
    );
  });

  it('seeds a signed constitution, a consent register and a public consultation published in summary', async () => {
    const { db } = store();
    assert.equal((await seedConstitutionAndConsentDemo(db, { now: NOW, mailer: null })).seeded, true);
    const constitution = await db
      .selectFrom('agreement')
      .select('id')
      .where('title', 'like', 'Constitution%')
      .executeTakeFirstOrThrow();
    const view = await getAgreementVersion(db, constitution.id);
    assert.equal(view.status.total.signed, SIXTEEN_C.length - 1);
    assert.equal(view.lmcResponse?.position, 'supports');
    const register = await consentRegister(db, '16C', { now: NOW });
    const contract = register.subjects.find((s) => s.kind === 'local_contract')!;
    assert.equal(contract.consents.filter((c) => !c.withdrawnAt).length, SIXTEEN_C.length - 2);
    assert.equal(contract.consents.filter((c) => c.withdrawnAt).length, 1);
    const [pub] = await listPublicConsultations(db, NOW);
    const result = await publicConsultationView(db, pub!.id, NOW);
    assert.equal(result.phase, 'closed');
    assert.equal(result.results!.public.votesCast, 17);
    assert.deepEqual(result.results!.healthwatch.organisations, ['Healthwatch Stockton-on-Tees']);
    assert.match(result.summary ?? '', /shared Saturday rota/);
  });

  it('does nothing the second time', async () => {
    const again = await seedObligationsDemo(store().db, { now: NOW, mailer: null });
    assert.equal(again.seeded, false);
    assert.equal(
      (await seedConstitutionAndConsentDemo(store().db, { now: NOW, mailer: null })).seeded,
      false,
    );
  });
});
