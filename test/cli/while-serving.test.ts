// The command line while `fairview serve` holds the PGlite folder (issue 17): `indicator list` reads the
// running server's catalogue instead, and a command that must write says in one line why it cannot,
// never with a stack trace.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { syncBuiltInIndicators } from '../../src/app/indicators/built-in.ts';
import { openStore } from '../../src/store/database.ts';
import { type RunningServer, startServer } from '../support/browser.ts';
import { TEST_NOW } from '../support/clock.ts';
import { seedRealSlice } from '../web/real-slice.ts';

const bin = fileURLToPath(new URL('../../bin/fairview.js', import.meta.url));

describe('the command line while the server runs', () => {
  let folder = '';
  let dataDir = '';
  let server: RunningServer | null = null;
  const run = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], {
        env: { ...process.env, FAIRVIEW_DATA_DIR: dataDir, DATABASE_URL: '' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'fairview-cli-serving-'));
    dataDir = join(folder, 'data');
    const store = await openStore({ dataDir, databaseUrl: '' });
    try {
      await seedRealSlice(store.db, ['A81001', 'A81002']);
      await syncBuiltInIndicators(store, 'test', TEST_NOW);
    } finally {
      await store.close();
    }
    server = await startServer(dataDir);
  });
  after(async () => {
    await server?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('lists the indicators from the running server', async () => {
    const listed = await run(['indicator', 'list']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^QOF-PREV-HYP\s+v1\s+proportion/m);
  });

  it('refuses a write in one line that says why, without a stack trace', async () => {
    const file = join(folder, 'x.csv');
    await writeFile(file, 'a,b\n1,2\n');
    const refused = await run(['import', file]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /is in use by process \d+ \(a running `fairview serve`\?\)/);
    assert.doesNotMatch(refused.stderr, /^\s+at /m);
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
  });
});
