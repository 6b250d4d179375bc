// `fairview recompute` as a user runs it: on a PGlite folder holding a small real slice (the first 40
// practices' 2018-19 atrial fibrillation registers with their hierarchy, population and IMD), a first
// run makes a release and a second changes nothing; --release of a published release regenerates it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/database.ts';
import { firstPractices, importSlice, type Slice, writeSlice } from '../app/benchmarking-fixture.ts';

const bin = fileURLToPath(new URL('../../bin/fairview.js', import.meta.url));

function run(
  dataDir: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'recompute', ...args], {
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
}

describe('fairview recompute', () => {
  let dataDir: string;
  let slice: Slice;
  before(async () => {
    slice = await writeSlice({
      prevalence: ['PREVALENCE_1819_v2.csv'],
      groups: ['AF'],
      hierarchy: ['ORGANISATION_REFERENCE_1819_v2.csv'],
      practices: firstPractices('PREVALENCE_1819_v2.csv', 40),
    });
    dataDir = await mkdtemp(join(tmpdir(), 'fairview-recompute-cli-'));
    const store = await openStore({ dataDir, databaseUrl: '' });
    try {
      await importSlice(store, slice);
    } finally {
      await store.close();
    }
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await slice.remove();
  });

  it('makes and publishes a release, with progress as plain lines when stderr is not a terminal', async () => {
    const r = await run(dataDir, ['--release', 'first', '--publish', '--as', 'analyst']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /computing 1 indicators/);
    assert.match(r.stderr, /\[1\/1\] QOF-PREV-AF/);
    assert.match(r.stdout, /new indicator versions: QOF-PREV-AF v1/);
    assert.match(r.stdout, /created release first \(published\)/);
    assert.match(r.stdout, /checksum [0-9a-f]{64}/);
  });

  it('writes nothing the second time', async () => {
    const r = await run(dataDir, []);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /nothing changed since release first: nothing written/);
  });

  it('regenerates a named release and confirms identical numbers', async () => {
    const r = await run(dataDir, ['--release', 'first']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /regenerated release first: identical numbers/);
  });

  it('refuses an unknown option with the usage', async () => {
    const r = await run(dataDir, ['--nope']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /usage: fairview recompute/);
  });
});
