/**
 * The scheduler: pg-boss (a PostgreSQL job queue; docs/decisions.md, "Obligations") on Fairview's own
 * database, PGlite or PostgreSQL, through Fairview's pool (boss-db.ts). Two queues:
 *
 * - `fairview-sweep`: one sweep (src/app/reminders/sweep.ts) at the injected clock's "now". pg-boss's
 *   cron sends one every five minutes — its schedule is a row in the database, and its timekeeper
 *   sends each tick once whichever processes are running — and `sweepNow()` sends one at once.
 * - `fairview-remind`: one delivery per reminder the sweep recorded (src/app/reminders/deliver.ts),
 *   retried with back-off if it fails.
 *
 * pg-boss starts a job by the database's clock, Fairview decides what is due by its own: so nothing
 * here is a delayed job waiting for a date. Every deadline lives in the records it comes from, the
 * sweep asks at `clock()` which have passed, and the jobs it makes run at once. A test moves the
 * clock and calls `sweepNow()`; a restart loses nothing, because the schedule, the queued jobs and
 * the deadlines are all rows; and a job is fetched by one worker only (`FOR UPDATE SKIP LOCKED`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { Database } from '../../store/schema.ts';
import type { Clock } from '../clock.ts';
import type { Mailer } from '../notifications/mailer.ts';
import { type Delivery, deliverReminder } from '../reminders/deliver.ts';
import { type SweepOutcome, sweep } from '../reminders/sweep.ts';
import { bossDb } from './boss-db.ts';

export const QUEUES = { sweep: 'fairview-sweep', remind: 'fairview-remind' } as const;
/** pg-boss's own tables live in this schema, created and migrated by pg-boss itself on start. */
export const BOSS_SCHEMA = 'pgboss';
/** Every five minutes: deadlines are days; a sweep costs a few queries. */
export const SWEEP_CRON = '*/5 * * * *';

export interface SchedulerOptions {
  /** The clock every sweep and delivery reads: the web app's, the CLI's, the test's. */
  clock: Clock;
  /** Where reminder e-mails go; default from the environment (SMTP or the outbox folder). */
  mailer?: Mailer | null;
  baseUrl?: string;
  /** Run the workers in this process (default true). A process that only sends jobs passes false. */
  work?: boolean;
  /** The sweep's cron schedule, or null for none (tests send their sweeps). Default SWEEP_CRON. */
  cron?: string | null;
  /** How often an idle worker asks for a job, in seconds (pg-boss's minimum is 0.5). Default 2. */
  pollingIntervalSeconds?: number;
  /**
   * How long a delivery may run before pg-boss takes it for lost (its process died) and retries it,
   * in seconds. Default 300; the restart test shortens it.
   */
  deliveryExpireSeconds?: number;
  /** How often pg-boss looks for expired jobs, in seconds. Default 120. */
  maintenanceIntervalSeconds?: number;
}

export interface Scheduler {
  readonly boss: PgBoss;
  /** Sends a sweep and waits until it, and every delivery it made, has run (by any process). */
  sweepNow(timeoutMs?: number): Promise<SweepNow>;
  /** Waits until the jobs have completed (or failed for good); their outputs, in order. */
  waitFor(
    queue: string,
    ids: readonly string[],
    timeoutMs?: number,
  ): Promise<PgBoss.JobWithMetadata<unknown>[]>;
  stop(): Promise<void>;
}

export interface SweepNow extends SweepOutcome {
  deliveries: WorkerDelivery[];
}

export interface WorkerDelivery extends Delivery {
  /** The id of the process that delivered it. */
  worker: number;
}

interface ReminderJob {
  reminderId: number;
}

export async function startScheduler(db: Kysely<Database>, options: SchedulerOptions): Promise<Scheduler> {
  const polling = options.pollingIntervalSeconds ?? 2;
  const boss = await startBoss(db, options);
  const notifyOptions = () => ({
    now: options.clock(),
    ...(options.mailer === undefined ? {} : { mailer: options.mailer }),
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
  });

  let sweepWorker: string | null = null;
  let remindWorker: string | null = null;
  if (options.work !== false) {
    remindWorker = await boss.work<ReminderJob>(
      QUEUES.remind,
      { pollingIntervalSeconds: polling, batchSize: 1 },
      // The process that delivered it rides along in the job's output (the multi-process test reads it).
      async ([job]) => ({
        ...(await deliverReminder(db, job!.data.reminderId, notifyOptions())),
        worker: process.pid,
      }),
    );
    sweepWorker = await boss.work<object>(
      QUEUES.sweep,
      { pollingIntervalSeconds: polling, batchSize: 1 },
      async () => {
        const outcome = await sweep(db, options.clock(), (trx, reminderId) =>
          boss.send(QUEUES.remind, { reminderId }, { db: bossDb(trx) as PgBoss.Db }),
        );
        if (remindWorker && outcome.reminders.length > 0) boss.notifyWorker(remindWorker);
        return outcome;
      },
    );
  }
  if (options.cron !== null) await boss.schedule(QUEUES.sweep, options.cron ?? SWEEP_CRON);

  const waitFor: Scheduler['waitFor'] = async (queue, ids, timeoutMs = 60_000) => {
    const deadline = performance.now() + timeoutMs;
    const done: PgBoss.JobWithMetadata<unknown>[] = [];
    for (const id of ids) {
      for (;;) {
        const job = await boss.getJobById(queue, id, { includeArchive: true });
        if (job && (job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled')) {
          done.push(job);
          break;
        }
        if (performance.now() > deadline)
          throw new Error(`job ${queue}/${id} did not finish in ${timeoutMs} ms`);
        if (queue === QUEUES.remind && remindWorker) boss.notifyWorker(remindWorker);
        if (queue === QUEUES.sweep && sweepWorker) boss.notifyWorker(sweepWorker);
        await sleep(50);
      }
    }
    return done;
  };

  return {
    boss,
    waitFor,
    async sweepNow(timeoutMs = 60_000) {
      const id = await boss.send(QUEUES.sweep, {});
      if (!id) throw new Error('the job queue refused the sweep');
      const [job] = await waitFor(QUEUES.sweep, [id], timeoutMs);
      if (job!.state !== 'completed') throw new Error(`the sweep failed: ${JSON.stringify(job!.output)}`);
      const outcome = job!.output as SweepOutcome;
      const jobIds = outcome.reminders.map((r) => r.jobId).filter((j): j is string => j !== null);
      const deliveries = (await waitFor(QUEUES.remind, jobIds, timeoutMs)).map(
        (j) => j.output as WorkerDelivery,
      );
      return { ...outcome, deliveries };
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 });
    },
  };
}

/** pg-boss on the store's own connection, started, with the sweep and reminder queues made. */
async function startBoss(db: Kysely<Database>, options: SchedulerOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    db: bossDb(db) as PgBoss.Db,
    schema: BOSS_SCHEMA,
    schedule: options.cron !== null,
    supervise: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 120,
  });
  boss.on('error', (error: Error) => console.error(`fairview: job queue: ${error.message}`));
  await boss.start();
  await boss.createQueue(QUEUES.sweep, {
    name: QUEUES.sweep,
    retryLimit: 2,
    retryDelay: 30,
    expireInSeconds: 600,
  });
  await boss.createQueue(QUEUES.remind, {
    name: QUEUES.remind,
    retryLimit: 5,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: options.deliveryExpireSeconds ?? 300,
  });
  return boss;
}
