/**
 * The demo's first start, for `fairview serve --demo` (loaded by serve.ts only once it is listening):
 * import the bundled NHS files, publish the first release, set up the example stories and the later
 * release, reporting each step to the progress the pages show (src/app/startup-progress.ts).
 */
import { findReleaseForPages } from '../../app/benchmarking/queries.ts';
import type { Clock } from '../../app/clock.ts';
import { recompute } from '../../app/compute/recompute.ts';
import { afterPublication } from '../../app/releases/publish.ts';
import type { StartupProgress } from '../../app/startup-progress.ts';
import { seedAgreementsDemo } from '../../demo/agreements.ts';
import { seedConcernsDemoAfter, seedConcernsDemoBefore } from '../../demo/concerns.ts';
import { seedConstitutionAndConsentDemo } from '../../demo/constitution-consent.ts';
import { demoProgressLine, importDemoData } from '../../demo/demo.ts';
import { seedDraftDemoRelease } from '../../demo/draft-release.ts';
import { seedGovernanceDemo } from '../../demo/governance.ts';
import { DEMO_RELEASE, publishLaterDemoRelease } from '../../demo/later-release.ts';
import { seedObligationsDemo } from '../../demo/obligations.ts';
import { seedSchemesDemo } from '../../demo/schemes.ts';
import { createDemoUsers, type DemoAccount } from '../../demo/users.ts';
import { formatRole } from '../../domain/roles.ts';
import type { Store } from '../../store/database.ts';

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
async function publishDemoRelease(store: Store, clock: Clock, startup: StartupProgress): Promise<boolean> {
  if (await findReleaseForPages(store.db)) return false;
  console.log('Computing the first release of every indicator (a few minutes, once) …');
  startup.enter('release');
  const started = performance.now();
  const outcome = await recompute(store, {
    release: DEMO_RELEASE,
    publish: true,
    actor: 'demo',
    now: clock(),
    onProgress: (event) => {
      if (event.type === 'peers') startup.progress(0, 'Peer groups of every practice');
      if (event.type === 'indicator' || event.type === 'copied')
        startup.progress(
          event.index / event.count,
          `Indicator ${event.index + 1} of ${event.count}: ${event.code}${event.type === 'indicator' && event.period ? `, ${event.period}` : ''}`,
        );
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
  return true;
}

/** Within one file's import: the checksum pass, the reading, the last writes. */
const FILE_PHASES = { checksum: [0, 0.1], reading: [0.1, 0.95], finishing: [0.95, 1] } as const;

/** Returns whether this start imported or computed anything (the demo's first start). */
export async function prepareDemo(store: Store, clock: Clock, startup: StartupProgress): Promise<boolean> {
  startup.enter('import');
  // Progress by bytes: the files range from a few kilobytes to tens of megabytes.
  let before: number[] = [];
  let total = 0;
  const at = (index: number, within: number): number =>
    total > 0
      ? ((before[index] ?? total) + ((before[index + 1] ?? total) - (before[index] ?? total)) * within) /
        total
      : 0;
  const result = await importDemoData(store, {
    now: clock(),
    onProgress: (event) => {
      if (event.type === 'start') {
        before = event.sizes.map((_, i) => event.sizes.slice(0, i).reduce((a, b) => a + b, 0));
        total = event.sizes.reduce((a, b) => a + b, 0);
        before.push(total);
      }
      if (event.type === 'file-start') startup.progress(at(event.index, 0), fileDetail(event));
      if (event.type === 'file-progress') {
        const [from, to] = FILE_PHASES[event.progress.phase];
        const read = event.progress.totalBytes > 0 ? event.progress.bytesRead / event.progress.totalBytes : 0;
        startup.progress(at(event.index, from + (to - from) * read), fileDetail(event));
      }
      if (event.type === 'lineage') startup.progress(1, 'Lineage of practices (mergers, closures)');
      const line = demoProgressLine(event);
      if (line) console.log(line);
    },
  });
  if (!result.imported) console.log('Demo data already imported: starting at once.');
  startup.enter('release');
  // Accounts first, so the practice's demo users are told of the first release's flags.
  const accounts = await createDemoUsers(store.db, { now: clock() });
  const published = await publishDemoRelease(store, clock, startup);
  startup.enter('stories');
  await seedGovernanceDemo(store.db, clock());
  await seedAgreementsDemo(store.db, { now: clock() });
  for (const note of (await seedSchemesDemo(store, clock())).notes) console.log(`Schemes demo: ${note}`);
  // The concern story on release "demo": raised from A81001's red flag, the practice's reply, a peer
  // review with a recused member, an improvement plan; a second concern referred to the contract
  // holder, who issues a remedial notice (src/demo/concerns.ts; idempotent).
  for (const note of (await seedConcernsDemoBefore(store, { now: clock() })).notes)
    console.log(`Concerns demo: ${note}`);
  // The later release: the synthetic indicator's later monthly return, recomputed incrementally and
  // published as "demo-2" (src/demo/later-release.ts; idempotent).
  startup.enter('later-release');
  await publishLaterDemoRelease(store, (line) => console.log(line), { now: clock() });
  // With "demo-2" published, the improvement plan's progress is measured against it.
  for (const note of (await seedConcernsDemoAfter(store, { now: clock() })).notes)
    console.log(`Concerns demo: ${note}`);
  // A draft release "demo-3" under embargo, with the demo practice's open data query for the
  // commissioners to answer (src/demo/draft-release.ts; idempotent).
  await seedDraftDemoRelease(store, (line) => console.log(line), { now: clock() });
  // Obligations: the quality agreement's monthly reviews and quarterly meetings, played through the
  // scheduler on the job queue from the day it was issued to today (src/demo/obligations.ts).
  startup.enter('obligations');
  for (const note of (await seedObligationsDemo(store.db, { now: clock() })).notes)
    console.log(`Obligations demo: ${note}`);
  await seedConstitutionAndConsentDemo(store.db, { now: clock() });
  if (accounts.length > 0) printDemoAccounts(accounts);
  else
    console.log(
      'Accounts already exist; demo passwords were printed at first start. Add one with `fairview user add`.',
    );
  return result.imported || published;
}

function fileDetail(event: { index: number; fileCount: number; file: string }): string {
  return `File ${event.index + 1} of ${event.fileCount}: ${event.file}`;
}
