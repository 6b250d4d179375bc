// The scheduler on its real job queue (pg-boss) on both databases: a sweep at the injected clock's
// "now" finds what fell due, each reminder is delivered once however often sweeps run, a job queued
// before a restart runs after it, a delivery whose process died is retried and still told once, and
// on PostgreSQL two processes share the deliveries with none run twice.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { createConsultation } from '../../src/app/agreements/consultations.ts';
import { createUser } from '../../src/app/auth/users.ts';
import { QUEUES, type Scheduler, startScheduler } from '../../src/app/jobs/scheduler.ts';
import { parseRoleSpec } from '../../src/domain/roles.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { seedRealSlice } from '../web/real-slice.ts';

const DAY = 86_400_000;
const cost = { N: 1024, r: 8, p: 1 };
const manager = { username: 'cm', roles: [parseRoleSpec('commissioning_manager:16C')] };
const day = (d: number) => new Date(TEST_NOW.getTime() + d * DAY).toISOString().slice(0, 10);

forEachDatabase('the scheduler on pg-boss', (store, kind) => {
  let at = TEST_NOW;
  const clock = () => at;
  let scheduler: Scheduler | null = null;

  before(async () => {
    const { db } = store();
    await seedRealSlice(db, ['A81001', 'A81002']);
    await createUser(db, {
      username: 'pm',
      roles: [parseRoleSpec('practice_manager:A81001')],
      actor: 'test',
      now: TEST_NOW,
      cost,
    });
    await createUser(db, {
      username: 'cm',
      roles: [parseRoleSpec('commissioning_manager:16C')],
      actor: 'test',
      now: TEST_NOW,
      cost,
    });
  });

  const notificationsOf = async (username: string) =>
    (
      await sql<{ subject: string }>`select n.subject from notification n join app_user u on u.id = n.user_id
        where u.username = ${username} order by n.id`.execute(store().db)
    ).rows.map((r) => r.subject);

  it('sends a reminder when the moved clock reaches it, and once only', async () => {
    const { db } = store();
    await createConsultation(
      db,
      manager,
      {
        commissionerCode: '16C',
        title: 'Extended hours',
        question: 'Extend?',
        description: null,
        options: ['Yes', 'No'],
        opensOn: day(1),
        closesOn: day(10),
      },
      { now: TEST_NOW },
    );
    scheduler = await startScheduler(db, { clock, mailer: null, cron: null, pollingIntervalSeconds: 0.5 });
    const early = await scheduler.sweepNow();
    assert.equal(early.reminders.length, 0, 'not open yet');
    at = new Date(TEST_NOW.getTime() + 1 * DAY);
    const opened = await scheduler.sweepNow();
    assert.deepEqual(
      opened.reminders.map((r) => `${r.kind}/${r.step}`),
      ['consultation/opened'],
    );
    assert.equal(opened.deliveries[0]!.delivered, true);
    assert.equal(opened.deliveries[0]!.worker, process.pid);
    assert.deepEqual(await notificationsOf('pm'), ['Consultation open: Extended hours']);
    const again = await scheduler.sweepNow();
    assert.equal(again.reminders.length, 0);
    at = new Date(TEST_NOW.getTime() + 8.5 * DAY);
    const closing = await scheduler.sweepNow();
    assert.deepEqual(
      closing.reminders.map((r) => r.step),
      ['closing'],
    );
    assert.equal((await notificationsOf('pm')).length, 2);
  });

  it('runs a job queued before a restart after it', async () => {
    const { db } = store();
    await scheduler!.stop();
    // A process that only sends: the sweep it queues waits in the database while no one works.
    const sender = await startScheduler(db, { clock, mailer: null, cron: null, work: false });
    const id = await sender.boss.send(QUEUES.sweep, {});
    await sender.stop();
    at = new Date(TEST_NOW.getTime() + 11 * DAY);
    const queued = await sql<{ state: string }>`select state::text from pgboss.job where id = ${id}`.execute(
      db,
    );
    assert.equal(queued.rows[0]!.state, 'created');
    // The "restarted" server: its worker takes the queued sweep, whose delivery follows.
    scheduler = await startScheduler(db, { clock, mailer: null, cron: null, pollingIntervalSeconds: 0.5 });
    const [job] = await scheduler.waitFor(QUEUES.sweep, [id!]);
    assert.equal(job!.state, 'completed');
    const reminders = (job!.output as { reminders: { step: string; jobId: string }[] }).reminders;
    assert.deepEqual(
      reminders.map((r) => r.step),
      ['result'],
    );
    const [delivery] = await scheduler.waitFor(QUEUES.remind, [reminders[0]!.jobId]);
    assert.equal(delivery!.state, 'completed');
    assert.equal((await notificationsOf('cm')).filter((s) => s.startsWith('Result:')).length, 1);
  });

  it('retries a delivery whose process died while holding it, and tells once', async () => {
    const { db } = store();
    await scheduler!.stop();
    await createConsultation(
      db,
      manager,
      {
        commissionerCode: '16C',
        title: 'Weekend access',
        question: 'Open on Saturdays?',
        description: null,
        options: ['Yes', 'No'],
        opensOn: day(12),
        closesOn: day(30),
      },
      { now: at },
    );
    at = new Date(TEST_NOW.getTime() + 12 * DAY);
    // A sweep by a process with no delivery worker, then a "worker" that fetches the delivery and dies.
    const crashed = await startScheduler(db, { clock, mailer: null, cron: null, work: false });
    const sweepId = await crashed.boss.send(QUEUES.sweep, {});
    const { sweep } = await import('../../src/app/reminders/sweep.ts');
    const { bossDb } = await import('../../src/app/jobs/boss-db.ts');
    const [sweepJob] = await crashed.boss.fetch(QUEUES.sweep);
    assert.equal(sweepJob!.id, sweepId);
    const outcome = await sweep(db, clock(), (trx, reminderId) =>
      crashed.boss.send(QUEUES.remind, { reminderId }, { db: bossDb(trx) as never }),
    );
    await crashed.boss.complete(QUEUES.sweep, sweepId!, outcome);
    const deliveryId = outcome.reminders[0]!.jobId!;
    const [held] = await crashed.boss.fetch(QUEUES.remind);
    assert.equal(held!.id, deliveryId);
    await crashed.stop(); // never completes it: as if the process was killed mid-delivery
    // The next process expires the lost job (its 1 s allowance is up) and delivers it on retry.
    scheduler = await startScheduler(db, {
      clock,
      mailer: null,
      cron: null,
      pollingIntervalSeconds: 0.5,
      deliveryExpireSeconds: 1,
      maintenanceIntervalSeconds: 1,
    });
    await sql`update pgboss.queue set expire_seconds = 1 where name = ${QUEUES.remind}`.execute(db);
    // …and this job's retry waits no longer than the test (the queue's own delay is 30 s, backing off).
    await sql`update pgboss.job set expire_in = interval '1 second', retry_delay = 0, retry_backoff = false
      where id = ${deliveryId}`.execute(db);
    const [job] = await scheduler.waitFor(QUEUES.remind, [deliveryId], 30_000);
    assert.equal(job!.state, 'completed', JSON.stringify(job));
    assert.ok((job!.retryCount ?? 0) >= 1, 'delivered on a retry');
    assert.equal(
      (await notificationsOf('pm')).filter((s) => s === 'Consultation open: Weekend access').length,
      1,
    );
    const ledger = await db
      .selectFrom('reminder')
      .select(['delivered_at'])
      .where('job_id', '=', deliveryId)
      .executeTakeFirstOrThrow();
    assert.ok(ledger.delivered_at);
  });

  if (kind === 'postgres')
    it('shares deliveries between two server processes, running each once', async () => {
      const { db } = store();
      await scheduler!.stop();
      scheduler = null;
      at = new Date(TEST_NOW.getTime() + 40 * DAY);
      for (let i = 0; i < 40; i++)
        await createConsultation(
          db,
          manager,
          {
            commissionerCode: '16C',
            title: `Question ${i}`,
            question: 'Agree?',
            description: null,
            options: ['Yes', 'No'],
            opensOn: day(40),
            closesOn: day(60),
          },
          { now: at },
        );
      const databaseUrl = await currentDatabaseUrl(db);
      const children = [spawnWorker(databaseUrl, at), spawnWorker(databaseUrl, at)];
      try {
        const pids = await Promise.all(children.map((c) => c.ready));
        const sender = await startScheduler(db, { clock, mailer: null, cron: null, work: false });
        const sweepId = await sender.boss.send(QUEUES.sweep, {});
        const [sweepJob] = await sender.waitFor(QUEUES.sweep, [sweepId!], 60_000);
        const jobIds = (sweepJob!.output as { reminders: { jobId: string; step: string }[] }).reminders
          .filter((r) => r.step === 'opened')
          .map((r) => r.jobId);
        assert.equal(jobIds.length, 40);
        const jobs = await sender.waitFor(QUEUES.remind, jobIds, 60_000);
        await sender.stop();
        const workers = jobs.map((j) => (j.output as { worker: number; delivered: boolean }).worker);
        assert.ok(jobs.every((j) => j.state === 'completed' && j.retryCount === 0));
        assert.ok(jobs.every((j) => (j.output as { delivered: boolean }).delivered));
        for (const pid of pids)
          assert.ok(workers.includes(pid), `process ${pid} took part: ${workers.join(' ')}`);
        const told = await notificationsOf('pm');
        for (let i = 0; i < 40; i++)
          assert.equal(
            told.filter((s) => s === `Consultation open: Question ${i}`).length,
            1,
            `question ${i}`,
          );
      } finally {
        await Promise.all(children.map((c) => c.stop()));
      }
    });

  // Before the block's store closes (its after hook runs first of the two).
  it('stops', async () => {
    await scheduler?.stop();
  });
});

async function currentDatabaseUrl(
  db: import('kysely').Kysely<import('../../src/store/schema.ts').Database>,
): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  const { testPostgresAdminUrl } = await import('../support/databases.ts');
  const url = new URL(testPostgresAdminUrl);
  url.pathname = `/${rows[0]!.name}`;
  return url.href;
}

function spawnWorker(databaseUrl: string, now: Date): { ready: Promise<number>; stop(): Promise<void> } {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/scheduler-process.ts'],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, FAIRVIEW_TEST_NOW: now.toISOString() },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const ready = new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^ready (\d+)$/.exec(line);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ready,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
