/**
 * `fairview serve [--demo] [--port N]`: opens the store (DATABASE_URL, else PGlite in
 * FAIRVIEW_DATA_DIR or ./data), brings its schema up to date, and serves the web pages on PORT
 * (default 3000). With --demo, a store with no data first imports the bundled NHS files and a store
 * with no accounts gets one demo account per role, whose random passwords are printed this once.
 */
import type { AddressInfo } from 'node:net';
import { serve as listen, type ServerType } from '@hono/node-server';
import { seedAgreementsDemo } from '../../app/agreements/demo.ts';
import { findReleaseForPages } from '../../app/benchmarking/queries.ts';
import { type Clock, systemClock } from '../../app/clock.ts';
import { recompute } from '../../app/compute/recompute.ts';
import { seedConcernsDemoAfter, seedConcernsDemoBefore } from '../../app/concerns/demo.ts';
import { demoProgressLine, importDemoData } from '../../app/demo.ts';
import { DEMO_RELEASE, publishLaterDemoRelease } from '../../app/demo-later-release.ts';
import { createDemoUsers, type DemoAccount } from '../../app/demo-users.ts';
import { seedGovernanceDemo } from '../../app/governance/demo.ts';
import { type Scheduler, startScheduler } from '../../app/jobs/scheduler.ts';
import { seedConstitutionAndConsentDemo, seedObligationsDemo } from '../../app/obligations/demo.ts';
import { afterPublication } from '../../app/releases/publish.ts';
import { seedSchemesDemo } from '../../app/schemes/demo.ts';
import { formatRole } from '../../domain/roles.ts';
import { announceServer, dataDirOf } from '../../store/data-dir-lock.ts';
import { openStore, type Store } from '../../store/database.ts';
import { createWebApp } from '../../web/app.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(
  store: Store,
  options: { port: number; hostname?: string },
): Promise<RunningServer> {
  const app = createWebApp({
    db: store.db,
    trustProxy: process.env.FAIRVIEW_TRUST_PROXY === '1',
    // Build the visitors' disclosure patterns of the latest release in the background (docs/openness.md).
    warmDisclosureCache: true,
  });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = listen({ fetch: app.fetch, port: options.port, hostname: options.hostname }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would otherwise hold the close open.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

function parsePort(args: string[]): number {
  const i = args.indexOf('--port');
  const raw = i >= 0 ? args[i + 1] : process.env.PORT;
  const port = raw === undefined || raw === '' ? 3000 : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`'${raw}' is not a port number`);
  return port;
}

function printDemoAccounts(accounts: DemoAccount[]): void {
  console.log('\nDemo sign-ins (passwords are random, stored hashed, and shown only now):\n');
  for (const a of accounts) {
    console.log(`  ${a.username.padEnd(34)} ${a.password}   ${formatRole(a.role)}`);
  }
  console.log('');
}

/**
 * The scorecards, funnels and SPC charts read a published release. On the first start the demo
 * computes one from everything just imported (several minutes on PGlite: every indicator, period and
 * practice), so a new user sees real comparisons; later starts find it and go straight on.
 */
async function publishDemoRelease(store: Store, clock: Clock): Promise<void> {
  if (await findReleaseForPages(store.db)) return;
  console.log('Computing the first release of every indicator (a few minutes, once) …');
  const started = performance.now();
  const outcome = await recompute(store, {
    release: DEMO_RELEASE,
    publish: true,
    actor: 'demo',
    now: clock(),
    onProgress: (event) => {
      if (event.type === 'indicator') {
        console.log(
          `  [${event.index + 1}/${event.count}] ${event.code}${event.period ? ` ${event.period}` : ''}`,
        );
      }
    },
  });
  console.log(
    `Release "${outcome.release.name}" published in ${Math.round((performance.now() - started) / 1000)} s.`,
  );
  // As after every publication (src/app/releases/publish.ts): practices told of their flags (those
  // with accounts by now), improvement plans re-measured. Idempotent.
  const after = await afterPublication(store.db, outcome.release, 'demo', { now: clock() });
  if (after.practicesNotified > 0 || after.plansProgressed.length > 0)
    console.log(
      `Release "${outcome.release.name}": ${after.practicesNotified} practices told of their flags, ${after.plansProgressed.length} improvement plans re-measured.`,
    );
}

async function prepareDemo(store: Store, clock: Clock): Promise<void> {
  const result = await importDemoData(store, {
    now: clock(),
    onProgress: (event) => {
      const line = demoProgressLine(event);
      if (line) console.log(line);
    },
  });
  if (!result.imported) console.log('Demo data already imported: starting at once.');
  // Accounts first, so the practice's demo users are told of the first release's flags.
  const accounts = await createDemoUsers(store.db, { now: clock() });
  await publishDemoRelease(store, clock);
  await seedGovernanceDemo(store.db, clock());
  await seedAgreementsDemo(store.db, { now: clock() });
  for (const note of (await seedSchemesDemo(store, clock())).notes) console.log(`Schemes demo: ${note}`);
  // The concern story on release "demo": raised from A81001's red flag, the practice's reply, a peer
  // review with a recused member, an improvement plan; a second concern referred to the contract
  // holder, who issues a remedial notice (src/app/concerns/demo.ts; idempotent).
  for (const note of (await seedConcernsDemoBefore(store, { now: clock() })).notes)
    console.log(`Concerns demo: ${note}`);
  // The later release: the synthetic indicator's later monthly return, recomputed incrementally and
  // published as "demo-2" (src/app/demo-later-release.ts; idempotent).
  await publishLaterDemoRelease(store, (line) => console.log(line), { now: clock() });
  // With "demo-2" published, the improvement plan's progress is measured against it.
  for (const note of (await seedConcernsDemoAfter(store, { now: clock() })).notes)
    console.log(`Concerns demo: ${note}`);
  // Obligations: the quality agreement's monthly reviews and quarterly meetings, played through the
  // scheduler on the job queue from the day it was issued to today (src/app/obligations/demo.ts).
  for (const note of (await seedObligationsDemo(store.db, { now: clock() })).notes)
    console.log(`Obligations demo: ${note}`);
  await seedConstitutionAndConsentDemo(store.db, { now: clock() });
  if (accounts.length > 0) printDemoAccounts(accounts);
  else
    console.log(
      'Accounts already exist; demo passwords were printed at first start. Add one with `fairview user add`.',
    );
}

export async function serve(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log('usage: fairview serve [--demo] [--port N]   (env: PORT, DATABASE_URL, FAIRVIEW_DATA_DIR)');
    return 0;
  }
  const port = parsePort(args);
  const store = await openStore();
  let server: RunningServer;
  let scheduler: Scheduler | null = null;
  try {
    if (args.includes('--demo')) await prepareDemo(store, systemClock);
    // Reminders and escalations (src/app/jobs/scheduler.ts): every server process works the queue.
    scheduler = await startScheduler(store.db, { clock: systemClock });
    server = await startServer(store, { port, hostname: process.env.HOST });
  } catch (error) {
    await scheduler?.stop();
    await store.close();
    throw error;
  }
  if (store.kind === 'pglite') await announceServer(dataDirOf(), server.url);
  console.log(
    `Fairview is running at ${server.url}  (${store.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'}; Ctrl+C to stop)`,
  );

  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  console.log('Stopping Fairview …');
  await server.close();
  await scheduler?.stop();
  await store.close();
  return 0;
}
