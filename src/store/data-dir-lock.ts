// PGlite has no postmaster to stop a second process opening the same folder, and two PGlite
// instances writing one folder corrupt it (say `fairview serve` running while `fairview import` starts
// in another terminal). A lock file with the owner's pid refuses the second opener; a lock left by a
// process that no longer exists is taken over.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const LOCK_FILE = 'fairview.lock';
/** Where `fairview serve` says its address, so a command refused the folder can talk to it instead. */
const URL_FILE = 'fairview.url';

/** The folder is held by another live process: an expected condition, told plainly, never a stack trace. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `the data folder ${dataDir} is in use by ${ownerPid === process.pid ? 'this process' : `process ${ownerPid}`} (a running \`fairview serve\`?); stop it first, or share one PostgreSQL through DATABASE_URL`,
    );
    this.name = 'DataDirInUseError';
  }
}

/** Records the address of the server holding `dataDir` (removed with the lock). */
export async function announceServer(dataDir: string, url: string): Promise<void> {
  await writeFile(join(dataDir, URL_FILE), `${process.pid}\n${url}\n`);
}

/** The address of the live server holding `dataDir`, if it announced one. */
export async function runningServerUrl(dataDir: string): Promise<string | null> {
  const [pid, url] = (await readFile(join(dataDir, URL_FILE), 'utf8').catch(() => '')).split('\n');
  const owner = Number.parseInt(pid ?? '', 10);
  return Number.isInteger(owner) && isRunning(owner) && url?.startsWith('http') ? url : null;
}

export interface DataDirLock {
  release(): Promise<void>;
}

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return {
        release: async () => {
          await rm(join(dataDir, URL_FILE), { force: true });
          await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && isRunning(owner)) throw new DataDirInUseError(dataDir, owner);
      await rm(path, { force: true });
    }
  }
  throw new Error(`could not lock the data folder ${dataDir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The PGlite data folder `openStore()` opens by default. */
export function dataDirOf(): string {
  return process.env.FAIRVIEW_DATA_DIR ?? './data';
}
