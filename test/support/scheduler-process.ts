// A Fairview process that only runs the scheduler's workers, for the multi-process test
// (test/app/scheduler.test.ts): opens DATABASE_URL, works both queues at the fixed instant
// FAIRVIEW_TEST_NOW, says "ready <pid>" and runs until SIGTERM.
import { startScheduler } from '../../src/app/jobs/scheduler.ts';
import { openStore } from '../../src/store/database.ts';

const now = new Date(process.env.FAIRVIEW_TEST_NOW ?? '');
if (Number.isNaN(now.getTime())) throw new Error('FAIRVIEW_TEST_NOW must be an instant');
const store = await openStore({ databaseUrl: process.env.DATABASE_URL, poolSize: 3 });
const scheduler = await startScheduler(store.db, {
  clock: () => now,
  mailer: null,
  cron: null,
  pollingIntervalSeconds: 0.5,
});
process.stdout.write(`ready ${process.pid}\n`);
process.once('SIGTERM', async () => {
  await scheduler.stop();
  await store.close();
  process.exit(0);
});
