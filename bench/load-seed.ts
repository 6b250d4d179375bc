/**
 * The load bench's data (issue 11): the Tees Valley slice (75 practices, release "test-2025") imported
 * with the real import and recompute, plus a few signed-in accounts with known passwords. A PGlite data
 * directory is prepared once and reused by later runs (the marker file says it is complete); a
 * PostgreSQL database is seeded per run. SYNTHETIC passwords, loopback only.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createUser } from '../src/app/auth/users.ts';
import type { Role } from '../src/domain/roles.ts';
import type { Store } from '../src/store/database.ts';
import { seedBenchmarkingSlice } from '../test/web/benchmarking-slice.ts';

export interface LoadAccount {
  username: string;
  password: string;
}

/** One signed-in account per kind of reader the load mixes in (all scoped to the slice). */
const ACCOUNTS: { role: Role; organisationCode: string | null }[] = [
  { role: 'commissioning_analyst', organisationCode: '16C' },
  { role: 'commissioning_manager', organisationCode: '16C' },
  { role: 'practice_manager', organisationCode: 'A81001' },
  { role: 'lmc_representative', organisationCode: '16C' },
];

const MARKER = 'fairview-load-seeded.json';

export async function seedLoadStore(store: Store): Promise<LoadAccount[]> {
  await seedBenchmarkingSlice(store);
  const accounts: LoadAccount[] = [];
  for (const [i, a] of ACCOUNTS.entries()) {
    const username = `load-${a.role.replaceAll('_', '-')}`;
    const password = `load-bench-password-${i}-synthetic`;
    await createUser(store.db, {
      username,
      roles: [a],
      password,
      actor: 'load bench',
      now: new Date(),
      // Low cost: the bench signs each account in once; the password check is not what it measures.
      cost: { N: 2 ** 10, r: 8, p: 1 },
    });
    accounts.push({ username, password });
  }
  return accounts;
}

/** The accounts of a data directory prepared earlier, or null when it is not (completely) prepared. */
export async function preparedAccounts(dataDir: string): Promise<LoadAccount[] | null> {
  const marker = join(dataDir, MARKER);
  if (!existsSync(marker)) return null;
  return JSON.parse(await readFile(marker, 'utf8')) as LoadAccount[];
}

export async function markPrepared(dataDir: string, accounts: LoadAccount[]): Promise<void> {
  await writeFile(join(dataDir, MARKER), JSON.stringify(accounts));
}
