/**
 * Full recompute of all the real demo data (issue 4 §6): every built-in indicator (QOF prevalence of
 * each register × 6 QOF years, the Fingertips smoking indicator), every practice, period and level,
 * with funnels, case-mix models, SPC and peer groups, written as one release in one transaction.
 *
 * The store: FAIRVIEW_BENCH_DATABASE_URL (a PostgreSQL database that already holds the demo import,
 * reused as it is), else a fresh PGlite in a temporary folder with the demo data imported first
 * (minutes; not timed). The baseline scans every fact row the recompute reads inside the database, so
 * "× baseline" says what computing and writing cost over touching the data. Peak RSS is the process's
 * high-water mark (the baseline leaves it alone).
 *
 * Then the incremental case: one monthly local template file arrives (a made-up bench indicator,
 * 13 months for 500 practices) and the next release computes that indicator alone, copying every
 * other indicator's rows from the full release (src/app/compute/copy.ts). Everything the bench adds
 * is removed at the end. The scan and the monthly file are shared with speed.bench.ts (release-work.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recompute } from '../src/app/compute/recompute.ts';
import { importDemoData } from '../src/demo/demo.ts';
import { openStore, type Store } from '../src/store/index.ts';
import type { Harness } from './harness.ts';
import { countFacts, importMonthlyFile, scanFacts } from './release-work.ts';

async function benchStore(): Promise<{ store: Store; dispose: () => Promise<void> }> {
  const url = process.env.FAIRVIEW_BENCH_DATABASE_URL;
  if (url) {
    const store = await openStore({ databaseUrl: url });
    return { store, dispose: () => store.close() };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'fairview-bench-recompute-'));
  const store = await openStore({ dataDir, databaseUrl: '' });
  console.log('importing the demo data into a fresh PGlite store (not timed) …');
  await importDemoData(store, { now: new Date() });
  return {
    store,
    dispose: async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export default async function recomputeBench(h: Harness): Promise<void> {
  const { store, dispose } = await benchStore();
  try {
    const rows = await countFacts(store);
    h.group(`Recompute: all real demo data (${store.kind}), ${rows.toLocaleString('en-GB')} fact rows`);
    // The baseline scans every fact table the recompute reads once, inside the database (so it does
    // not raise the process's peak memory, which is the recompute's to report).
    await h.baseline('database scans every fact row the recompute reads', rows, () => scanFacts(store));
    const name = `bench-${Date.now()}`;
    let results = 0;
    await h.task('full recompute: one release, one transaction', rows, async () => {
      // `full`: compute every indicator even where an earlier release could be copied from.
      const outcome = await recompute(store, { now: new Date(), actor: 'bench', release: name, full: true });
      results = outcome.rows?.result ?? 0;
      console.log(
        `  → ${outcome.status} ${outcome.release.name}: ${results.toLocaleString('en-GB')} results, ` +
          `${outcome.rows?.spc_point.toLocaleString('en-GB')} SPC points, ${outcome.rows?.peer.toLocaleString('en-GB')} peer links`,
      );
      return outcome;
    });
    await h.task('regenerate the same release and check its checksum', rows, () =>
      recompute(store, { now: new Date(), actor: 'bench', release: name }),
    );
    await h.task('recompute with nothing changed (idempotent: no write)', rows, () =>
      recompute(store, { now: new Date(), actor: 'bench' }),
    );

    // One monthly local file arrives: only its indicator is computed, the rest copied.
    const monthly = await importMonthlyFile(store, 'BENCH-MONTHLY', 'Bench indicator (made up)');
    const incremental = `${name}-incremental`;
    try {
      await h.task(
        'incremental recompute after one monthly template file (one indicator computed)',
        rows,
        async () => {
          const outcome = await recompute(store, { now: new Date(), actor: 'bench', release: incremental });
          console.log(
            `  → ${outcome.status} ${outcome.release.name}: computed ${outcome.indicators?.computed.join(', ')}; ` +
              `copied ${outcome.indicators?.copied.length} indicators; ${outcome.rows?.result.toLocaleString('en-GB')} results`,
          );
          return outcome;
        },
      );
    } finally {
      // Leave the shared database as it was.
      await store.db.deleteFrom('release').where('name', 'in', [name, incremental]).execute();
      await monthly.remove();
    }
  } finally {
    await dispose();
  }
}
