// Performance concerns end to end through the use cases, on the real Tees Valley (16C) slice of the
// bundled NHS files (imported and recomputed as release test-2025) and the governance demo (16C at
// delegation level 3, a committee whose GP member is a partner at A81001).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Actor } from '../../src/app/actor.ts';
import { createUser } from '../../src/app/auth/users.ts';
import { inviteLmc } from '../../src/app/concerns/lmc.ts';
import { recordNotice } from '../../src/app/concerns/notices.ts';
import { raiseConcern } from '../../src/app/concerns/raise.ts';
import { getConcern, listConcerns } from '../../src/app/concerns/read.ts';
import {
  notifyPractice,
  recordOutcome,
  referConcern,
  replyToConcern,
  startPeerReview,
  triage,
} from '../../src/app/concerns/steps.ts';
import { decideDelegation, requestDelegation } from '../../src/app/governance/delegation.ts';
import type { Mailer } from '../../src/app/notifications/mailer.ts';
import { seedGovernanceDemo } from '../../src/demo/governance.ts';
import { parseRoleSpec } from '../../src/domain/roles.ts';
import { TEST_NOW, TEST_TODAY } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { BENCHMARKING_SLICE } from '../web/benchmarking-slice.ts';

const actor = (username: string, ...specs: string[]): Actor => ({
  userId: 0,
  username,
  displayName: username,
  roles: specs.map(parseRoleSpec),
});
const analyst = actor('ana', 'commissioning_analyst:16C');
const manager = actor('man', 'commissioning_manager:16C');
const lmc = actor('lmc', 'lmc_representative:16C');
const areaTeam = actor('at', 'area_team:Y63');
const admin = actor('admin', 'administrator');
const sent: { to: string; subject: string }[] = [];
const mailer: Mailer = {
  describe: 'test',
  async send(mail) {
    sent.push({ to: mail.to, subject: mail.subject });
  },
};

/** The test's day (its clock is fixed: test/support/clock.ts). */
const today = () => TEST_TODAY;

const rejects = async (p: Promise<unknown>, kind: string, pattern?: RegExp) =>
  assert.rejects(p, (e: Error & { kind?: string }) => {
    assert.equal(e.kind, kind, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });

forEachDatabase('performance concerns', { seed: BENCHMARKING_SLICE }, (store) => {
  let releaseId = 0;
  let smokingId = 0;
  /** A practice flagged high (worse) in the crude funnel for smoking prevalence, and its period. */
  let flagged = { practice: '', period: '' };

  before(async () => {
    const db = store().db;
    await seedGovernanceDemo(db, TEST_NOW);
    // Accounts, so that notifications have someone to reach (addresses as usernames get e-mail too).
    const cost = { N: 2 ** 10, r: 8, p: 1 };
    for (const [username, role] of [
      ['lmc', 'lmc_representative:16C'],
      ['man', 'commissioning_manager:16C'],
      ['pm@a81001.example', 'practice_manager:A81001'],
      ['at', 'area_team:Y63'],
    ] as const) {
      await createUser(db, { username, roles: [parseRoleSpec(role)], actor: 'test', now: TEST_NOW, cost });
    }
    releaseId = (await db.selectFrom('release').select('id').executeTakeFirstOrThrow()).id;
    smokingId = (
      await db.selectFrom('indicator').select('id').where('code', '=', 'FT-91547').executeTakeFirstOrThrow()
    ).id;
    const row = await db
      .selectFrom('result')
      .select(['area_code', 'period'])
      .where('release_id', '=', releaseId)
      .where('indicator_id', '=', smokingId)
      .where('area_kind', '=', 'practice')
      .where('funnel_flag', '=', 'high_99_8')
      .orderBy('period', 'desc')
      .orderBy('area_code')
      .executeTakeFirstOrThrow();
    flagged = { practice: row.area_code, period: row.period };
  });

  const fromFlag = (type = 'practice_performance') =>
    raiseConcern(
      store().db,
      analyst,
      {
        practiceCode: flagged.practice,
        type,
        source: 'funnel_outlier',
        title: 'Smoking prevalence above the funnel',
        reason: '',
        releaseId,
        indicatorId: smokingId,
        period: flagged.period,
      },
      { now: TEST_NOW },
    );

  describe('raising', () => {
    it('freezes the release’s numbers and the funnel’s inputs into the concern', async () => {
      const db = store().db;
      const id = await fromFlag();
      const view = await getConcern(db, analyst, id, today());
      assert.equal(view.row.flag, 'high_99_8');
      const pack = view.row.data_pack as {
        results: { period: string; value: number }[];
        funnel: { points: unknown[][] };
      };
      const live = await db
        .selectFrom('result')
        .select(['period', 'value'])
        .where('release_id', '=', releaseId)
        .where('indicator_id', '=', smokingId)
        .where('area_kind', '=', 'practice')
        .where('area_code', '=', flagged.practice)
        .orderBy('period')
        .execute();
      assert.deepEqual(
        pack.results.map((r) => [r.period, r.value]),
        live.map((r) => [r.period, r.value]),
      );
      const practices = await db
        .selectFrom('result')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('release_id', '=', releaseId)
        .where('indicator_id', '=', smokingId)
        .where('area_kind', '=', 'practice')
        .where('period', '=', flagged.period)
        .executeTakeFirstOrThrow();
      assert.equal(pack.funnel.points.length, Number(practices.n));
      assert.deepEqual(
        view.events.map((e) => e.step),
        ['raised'],
      );
    });

    it('refuses a flag the release does not show, and a concern by hand without a reason', async () => {
      const db = store().db;
      const calm = await db
        .selectFrom('result')
        .select(['area_code'])
        .where('release_id', '=', releaseId)
        .where('indicator_id', '=', smokingId)
        .where('area_kind', '=', 'practice')
        .where('period', '=', flagged.period)
        .where('funnel_flag', '=', 'none')
        .where('casemix_flag', '=', 'none')
        .executeTakeFirstOrThrow();
      await rejects(
        raiseConcern(
          db,
          analyst,
          {
            practiceCode: calm.area_code,
            type: 'practice_performance',
            source: 'funnel_outlier',
            title: 'No flag here',
            reason: '',
            releaseId,
            indicatorId: smokingId,
            period: flagged.period,
          },
          { now: TEST_NOW },
        ),
        'invalid',
        /shows no funnel outlier/,
      );
      await rejects(
        raiseConcern(
          db,
          analyst,
          {
            practiceCode: 'A81001',
            type: 'contract_matter',
            source: 'by_hand',
            title: 'Opening hours',
            reason: '',
            releaseId: null,
            indicatorId: null,
            period: null,
          },
          { now: TEST_NOW },
        ),
        'invalid',
        /why/,
      );
    });

    it('names a concern raised without a title by its indicator and period, or by its practice', async () => {
      const db = store().db;
      const fromFlagUntitled = await raiseConcern(
        db,
        analyst,
        {
          practiceCode: flagged.practice,
          type: 'practice_performance',
          source: 'funnel_outlier',
          title: '  ',
          reason: '',
          releaseId,
          indicatorId: smokingId,
          period: flagged.period,
        },
        { now: TEST_NOW },
      );
      const flaggedView = await getConcern(db, analyst, fromFlagUntitled, today());
      assert.match(flaggedView.row.title, new RegExp(`^.+, ${flagged.period}$`));
      assert.doesNotMatch(flaggedView.row.title, /^Concern about/);
      const byHand = await raiseConcern(
        db,
        analyst,
        {
          practiceCode: 'A81001',
          type: 'contract_matter',
          source: 'by_hand',
          title: '',
          reason: 'Opening hours do not match the contract',
          releaseId: null,
          indicatorId: null,
          period: null,
        },
        { now: TEST_NOW },
      );
      assert.match((await getConcern(db, analyst, byHand, today())).row.title, /^Concern about .+/);
    });

    it('refuses people who may not raise concerns', async () => {
      await rejects(
        raiseConcern(
          store().db,
          lmc,
          {
            practiceCode: 'A81001',
            type: 'contract_matter',
            source: 'by_hand',
            title: 'x',
            reason: 'y',
            releaseId: null,
            indicatorId: null,
            period: null,
          },
          { now: TEST_NOW },
        ),
        'forbidden',
      );
    });
  });

  describe('the individual-performer route', () => {
    it('routes the concern to the region’s responsible officer and hides it from the commissioner', async () => {
      const db = store().db;
      const id = await fromFlag('individual_performer');
      const seenByCommissioner = await getConcern(db, manager, id, today());
      assert.equal(seenByCommissioner.visibility, 'status_only');
      assert.equal(seenByCommissioner.row.state, 'routed_to_responsible_officer');
      assert.equal(seenByCommissioner.row.data_pack, null);
      assert.equal(seenByCommissioner.events.length, 0);
      assert.equal(seenByCommissioner.row.responsible_officer_code, 'Y63');
      await rejects(triage(db, manager, id, 'x', TEST_NOW), 'forbidden', /responsible officer/);
      const seenByAreaTeam = await getConcern(db, areaTeam, id, today());
      assert.equal(seenByAreaTeam.visibility, 'full');
      assert.notEqual(seenByAreaTeam.row.data_pack, null);
      await assert.rejects(getConcern(db, lmc, id, today()));
      assert.equal(
        (await listConcerns(db, lmc)).some((c) => c.id === id),
        false,
      );
      assert.equal((await listConcerns(db, manager)).find((c) => c.id === id)?.title, null);
    });
  });

  describe('the full path', () => {
    it('goes from triage to the practice’s reply, a committee peer review with recusal, a plan and its progress', async () => {
      const db = store().db;
      const practice = actor('pm', 'practice_manager:A81001');
      const id = await raiseConcern(
        db,
        analyst,
        {
          practiceCode: 'A81001',
          type: 'practice_performance',
          source: 'by_hand',
          title: 'Smoking prevalence rising',
          reason: 'Practice visit found smoking status not recorded for new registrations',
          releaseId: null,
          indicatorId: null,
          period: null,
        },
        { now: TEST_NOW },
      );
      // The practice does not see it until it is notified.
      await assert.rejects(getConcern(db, practice, id, today()));
      await rejects(
        notifyPractice(db, manager, id, 'x', null, { now: TEST_NOW }),
        'conflict',
        /cannot follow/,
      );
      await triage(db, analyst, id, 'Worth a conversation', TEST_NOW);
      sent.length = 0;
      await notifyPractice(db, manager, id, 'Please reply within 28 days', '2026-12-31', {
        now: TEST_NOW,
        mailer,
      });
      assert.equal((await getConcern(db, practice, id, today())).visibility, 'full');
      // The practice is told in the app and by e-mail, with the date its reply is due.
      assert.deepEqual(sent, [
        { to: 'pm@a81001.example', subject: 'A concern about A81001: your reply is due by 2026-12-31' },
      ]);
      const inApp = await db
        .selectFrom('notification')
        .innerJoin('app_user', 'app_user.id', 'notification.user_id')
        .select(['app_user.username', 'notification.link'])
        .where('notification.subject', '=', 'A concern about A81001: your reply is due by 2026-12-31')
        .execute();
      assert.deepEqual(inApp, [{ username: 'pm@a81001.example', link: `/concerns/${id}` }]);
      // The LMC sees the concern only once invited; the practice may invite its representative.
      await rejects(getConcern(db, lmc, id, today()), 'forbidden', /invited/);
      await rejects(inviteLmc(db, analyst, id, 'lmc', '', { now: TEST_NOW }), 'forbidden');
      await rejects(
        inviteLmc(db, practice, id, 'man', '', { now: TEST_NOW }),
        'invalid',
        /not an LMC representative/,
      );
      await inviteLmc(db, practice, id, 'lmc', '', { now: TEST_NOW, mailer: null });
      await rejects(inviteLmc(db, manager, id, 'lmc', '', { now: TEST_NOW }), 'conflict');
      assert.equal((await getConcern(db, lmc, id, today())).visibility, 'full');
      // Peer review before the practice has replied is refused.
      await rejects(
        startPeerReview(db, manager, id, { groupName: 'x', meetingId: null, notes: '' }, { now: TEST_NOW }),
        'conflict',
      );
      await rejects(
        replyToConcern(db, practice, id, { populationContext: '', dataQuality: '', actionsTaken: '' }, [], {
          now: TEST_NOW,
        }),
        'invalid',
      );
      await rejects(
        replyToConcern(
          db,
          practice,
          id,
          { populationContext: 'Young list', dataQuality: '', actionsTaken: '' },
          [
            {
              fileName: 'a.pdf',
              contentType: 'application/pdf',
              bytes: new TextEncoder().encode('not a pdf'),
            },
          ],
          { now: TEST_NOW },
        ),
        'invalid',
        /does not contain/,
      );
      await rejects(
        replyToConcern(db, lmc, id, { populationContext: 'x', dataQuality: '', actionsTaken: '' }, [], {
          now: TEST_NOW,
        }),
        'forbidden',
      );
      await replyToConcern(
        db,
        practice,
        id,
        {
          populationContext: 'A young, mobile list near the university',
          dataQuality: 'New registrations were not asked about smoking until May',
          actionsTaken: 'Smoking status added to the new-patient questionnaire',
        },
        [
          {
            fileName: 'audit.csv',
            contentType: 'text/csv',
            bytes: new TextEncoder().encode('month,recorded\nMay,40\n'),
          },
        ],
        { now: TEST_NOW },
      );
      const meeting = await db
        .selectFrom('committee_meeting')
        .select('id')
        .where('held_on', '=', '2026-12-10')
        .executeTakeFirstOrThrow();
      await startPeerReview(
        db,
        manager,
        id,
        {
          groupName: null,
          meetingId: meeting.id,
          notes: 'For the December meeting',
        },
        { now: TEST_NOW },
      );
      const reviewed = await getConcern(db, lmc, id, today());
      assert.equal(reviewed.row.state, 'in_peer_review');
      assert.equal(reviewed.attachments.length, 1);
      assert.ok(reviewed.peerReview);
      assert.ok(
        reviewed.peerReview.recused.some((r) => /A81001/.test(r.reason)),
        'the GP member with an interest in A81001 is recused',
      );
      await recordOutcome(
        db,
        manager,
        id,
        {
          outcome: 'improvement_plan',
          notes: 'Peer review recommends a plan',
          plan: {
            indicatorId: smokingId,
            target: 15,
            actions: [
              {
                action: 'Record smoking status at registration',
                owner: 'Practice manager',
                dueOn: '2027-01-31',
              },
            ],
          },
        },
        { now: TEST_NOW },
      );
      let view = await getConcern(db, manager, id, today());
      assert.equal(view.row.state, 'improvement_plan');
      assert.equal(view.plan?.baselineReleaseId, releaseId);
      assert.deepEqual(view.plan?.progress, []);
      // The next release arrives: the plan shows the indicator re-measured.
      const { recompute } = await import('../../src/app/compute/recompute.ts');
      await recompute(store(), { now: TEST_NOW, release: 'test-2026', publish: true, actor: 'test' });
      view = await getConcern(db, manager, id, today());
      assert.equal(view.plan?.progress.length, 1);
      assert.equal(view.plan?.progress[0]?.releaseName, 'test-2026');
      assert.equal(typeof view.plan?.progress[0]?.targetMet, 'boolean');
      // Every step is on the timeline and in the audit log.
      assert.deepEqual(
        view.events.map((e) => e.step),
        ['raised', 'triage', 'notify_practice', 'invite_lmc', 'reply', 'start_peer_review', 'record_outcome'],
      );
      const audited = await db
        .selectFrom('audit_log')
        .select('action')
        .where('entity', '=', 'concern')
        .where('entity_id', '=', String(id))
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audited.map((a) => a.action),
        view.events.map((e) => `concern_${e.step}`),
      );
      // A plan that is not working can be escalated to the contract holder; not by the LMC.
      await rejects(referConcern(db, lmc, id, 'x', { now: TEST_NOW }), 'forbidden', /LMC/);
      await rejects(referConcern(db, manager, id, '', { now: TEST_NOW }), 'invalid');
      await referConcern(db, manager, id, 'No improvement after the plan', { now: TEST_NOW });
      assert.equal((await getConcern(db, manager, id, today())).row.state, 'referred');
    });
  });

  describe('referral and notices', () => {
    const referred = async (): Promise<number> => {
      const db = store().db;
      const practice = actor('pp', `practice_partner:${flagged.practice}`);
      const id = await fromFlag('contract_matter');
      await triage(db, analyst, id, 'x', TEST_NOW);
      await notifyPractice(db, manager, id, 'x', null, { now: TEST_NOW });
      await replyToConcern(
        db,
        practice,
        id,
        { populationContext: '', dataQuality: '', actionsTaken: 'None yet' },
        [],
        { now: TEST_NOW },
      );
      await startPeerReview(
        db,
        manager,
        id,
        {
          groupName: 'Stockton peer review group',
          meetingId: null,
          notes: '',
        },
        { now: TEST_NOW },
      );
      await recordOutcome(
        db,
        manager,
        id,
        { outcome: 'referred', notes: 'Repeated outlier', plan: null },
        { now: TEST_NOW },
      );
      await inviteLmc(db, manager, id, 'lmc', '', { now: TEST_NOW, mailer: null });
      return id;
    };
    const notice = {
      kind: 'remedial',
      breach: 'Breach',
      remedy: 'Remedy',
      remedyPeriodDays: '28',
      issuedOn: '2026-11-02',
    };

    it('lets only the contract holder record a notice: the area team, or 16C under level 3', async () => {
      const db = store().db;
      const id = await referred();
      assert.match((await getConcern(db, manager, id, today())).contractHolder.holderLabel, /16C.*level 3/);
      await rejects(
        recordNotice(db, analyst, id, notice, { now: new Date('2026-11-10T12:00:00Z') }),
        'forbidden',
      );
      await rejects(
        recordNotice(db, lmc, id, notice, { now: new Date('2026-11-10T12:00:00Z') }),
        'forbidden',
      );
      await rejects(
        recordNotice(
          db,
          manager,
          id,
          { ...notice, remedyPeriodDays: '27' },
          { now: new Date('2026-11-10T12:00:00Z') },
        ),
        'invalid',
        /28/,
      );
      sent.length = 0;
      await recordNotice(db, manager, id, notice, { now: new Date('2026-11-10T12:00:00Z'), mailer });
      // The practice, the commissioner and the area team are told (the manager who issued it is not).
      const told = await db
        .selectFrom('notification')
        .innerJoin('app_user', 'app_user.id', 'notification.user_id')
        .select('app_user.username')
        .where('notification.subject', '=', `Remedial notice to ${flagged.practice}: remedy by 2026-11-30`)
        .orderBy('app_user.username')
        .execute();
      const expected = ['at', 'lmc', ...(flagged.practice === 'A81001' ? ['pm@a81001.example'] : [])].sort();
      assert.deepEqual(
        told.map((t) => t.username),
        expected,
      );
      await recordNotice(
        db,
        areaTeam,
        id,
        { ...notice, kind: 'breach', remedy: '', remedyPeriodDays: '' },
        { now: new Date('2026-11-10T12:00:00Z') },
      );
      const view = await getConcern(db, lmc, id, '2026-11-10');
      assert.deepEqual(
        view.notices.map((n) => [n.kind, n.clock?.daysRemaining ?? null, n.clock?.overdue ?? null]),
        [
          ['remedial', 20, false],
          ['breach', null, null],
        ],
      );
      assert.equal((await getConcern(db, lmc, id, '2026-12-05')).notices[0]?.clock?.overdue, true);
      assert.equal(view.mayRecordNotice, false, 'the LMC sees the referral but cannot act');
    });

    it('takes the notice from a commissioner once its delegation falls below level 3', async () => {
      const db = store().db;
      const id = await referred();
      // 16C moves to joint commissioning (level 2) from today: contract management stays with NHS England.
      const day = TEST_TODAY;
      const period = await requestDelegation(
        db,
        admin,
        {
          commissionerCode: '16C',
          level: 2,
          startsOn: day,
          endsOn: null,
          functions: ['contract_management'],
          note: null,
        },
        TEST_NOW,
      );
      await decideDelegation(
        db,
        admin,
        {
          periodId: period,
          approve: true,
          grantFunctions: ['contract_management'],
          note: null,
        },
        TEST_NOW,
      );
      const view = await getConcern(db, manager, id, today());
      assert.equal(view.mayRecordNotice, false);
      assert.match(view.noticeRefusal ?? '', /jointly/);
      await rejects(recordNotice(db, manager, id, notice, { now: TEST_NOW }), 'forbidden');
      await recordNotice(db, areaTeam, id, notice, { now: TEST_NOW });
    });
  });
});
