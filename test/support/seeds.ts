// A seed is a database state several test files start from (the benchmarking slice imported and
// recomputed takes 4–10 s a store). Within one run of scripts/test.sh, which names a folder for them in
// FAIRVIEW_TEST_SEEDS, each seed is planted once per database kind into a template, and every store
// asking for it is copied from that template (databases.ts). Without the folder (a test file run by
// hand) every store plants its own seed, so a test never starts from a state older code made.
import { open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../../src/store/database.ts';

export interface Seed {
  /** Names its templates: letters, digits and dashes. */
  readonly name: string;
  /** Brings an empty, migrated store to the seeded state. */
  plant(store: Store): Promise<void>;
}

/** The run's folder for seeded templates, or null when each store plants its own seed. */
export function seedFolder(): string | null {
  return process.env.FAIRVIEW_TEST_SEEDS || null;
}

const WAIT_MS = 200;
/** A builder that has not finished in this long has died with its lock held. */
const STALE_MS = 15 * 60_000;

/**
 * Makes the template `key` once in this run: the first process to take `key`'s lock file builds it
 * (`build` must make it appear whole, by a rename), the others wait until `exists` says it is there.
 * A build that fails gives the lock back, so a waiting process tries, and fails with its own error.
 */
export async function buildOnce(
  folder: string,
  key: string,
  exists: () => Promise<boolean>,
  build: () => Promise<void>,
): Promise<void> {
  const lock = join(folder, `${key}.lock`);
  for (;;) {
    if (await exists()) return;
    const held = await open(lock, 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return null;
      throw error;
    });
    if (held) {
      await held.close();
      try {
        if (!(await exists())) await build();
        return;
      } finally {
        await rm(lock, { force: true });
      }
    }
    const since = await stat(lock).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (since > STALE_MS) await rm(lock, { force: true });
    await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
  }
}
