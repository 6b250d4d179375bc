// `fairview recompute` as a user runs it: on a PGlite folder holding a small real slice (the first 40
// practices' 2018-19 atrial fibrillation registers with their hierarchy, population and IMD), a first
// run makes a release and a second changes nothing; --release of a published release regenerates it.
// Publishing tells the manager of each flagged practice (once: publishing again tells no one twice).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/database.ts';
import { firstPractices, importSlice, type Slice, writeSlice } from '../app/benchmarking-fixture.ts';
import { addUser } from '../web/client.ts';

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

/**
 * The release's flagged practices (the headline judgment, 95% or 99.8%: what notifications count) and
 * each practice manager's flag notifications.
 */
async function flagsAndNotifications(
  dataDir: string,
  release: string,
): Promise<{ flagged: string[]; told: Map<string, string[]> }> {
  const store = await openStore({ dataDir, databaseUrl: '' });
  try {
    const flagged = await store.db
      .selectFrom('result')
      .innerJoin('release', 'release.id', 'result.release_id')
      .select('result.area_code')
      .distinct()
      .where('release.name', '=', release)
      .where('result.area_kind', '=', 'practice')
      .where('result.headline_flag', 'in', ['high_95', 'high_99_8', 'low_95', 'low_99_8'])
      .orderBy('result.area_code')
      .execute();
    const rows = await store.db
      .selectFrom('notification')
      .innerJoin('app_user', 'app_user.id', 'notification.user_id')
      .select(['app_user.username', 'notification.subject'])
      .where('notification.subject', 'like', `Release ${release} is published:%`)
      .orderBy('notification.id')
      .execute();
    const told = new Map<string, string[]>();
    for (const r of rows) told.set(r.username, [...(told.get(r.username) ?? []), r.subject]);
    return { flagged: flagged.map((f) => f.area_code), told };
  } finally {
    await store.close();
  }
}

/** The indicators whose visitors' England-wide page is kept for `release`. */
async function keptPagesOf(dataDir: string, release: string): Promise<string[]> {
  const store = await openStore({ dataDir, databaseUrl: '' });
  try {
    const rows = await store.db
      .selectFrom('release_page_view')
      .innerJoin('release', 'release.id', 'release_page_view.release_id')
      .select('release_page_view.page')
      .where('release.name', '=', release)
      .where('release_page_view.page', 'like', 'indicator|%')
      .execute();
    return rows.map((r) => r.page.split('|')[1]!).sort();
  } finally {
    await store.close();
  }
}

describe('fairview recompute', () => {
  let dataDir: string;
  let slice: Slice;
  const practices = firstPractices('PREVALENCE_1819_v2.csv', 40);
  before(async () => {
    slice = await writeSlice({
      prevalence: ['PREVALENCE_1819_v2.csv'],
      groups: ['AF'],
      hierarchy: ['ORGANISATION_REFERENCE_1819_v2.csv'],
      practices,
    });
    dataDir = await mkdtemp(join(tmpdir(), 'fairview-recompute-cli-'));
    const store = await openStore({ dataDir, databaseUrl: '' });
    try {
      await importSlice(store, slice);
      // A practice manager for every practice: only those of flagged practices are to be told.
      for (const code of practices)
        await addUser(store.db, `pm-${code.toLowerCase()}`, `practice_manager:${code}`);
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
    const { flagged, told } = await flagsAndNotifications(dataDir, 'first');
    assert.ok(flagged.length > 0, 'the slice flags some practices');
    assert.match(r.stdout, new RegExp(`told ${flagged.length} practices? of their flags`));
    // What visitors see of its indicator page is kept at publication, for any server to read.
    assert.match(r.stdout, /what visitors see of 1 indicator page kept in/);
    assert.deepEqual(await keptPagesOf(dataDir, 'first'), ['QOF-PREV-AF']);
    // The manager of each flagged practice is told once; no one else is.
    assert.deepEqual([...told.keys()].sort(), flagged.map((code) => `pm-${code.toLowerCase()}`).sort());
    for (const code of flagged) {
      const subjects = told.get(`pm-${code.toLowerCase()}`)!;
      assert.equal(subjects.length, 1);
      assert.match(subjects[0]!, new RegExp(`flagged for ${code}$`));
    }
  });

  it('tells no one twice when the published release is published again', async () => {
    const before = await flagsAndNotifications(dataDir, 'first');
    const r = await run(dataDir, ['--release', 'first', '--publish', '--as', 'analyst']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /regenerated release first: identical numbers/);
    assert.match(r.stdout, /told 0 practices of their flags/);
    assert.match(r.stdout, /what visitors see of 0 indicator pages kept in/, 'kept already');
    const after = await flagsAndNotifications(dataDir, 'first');
    assert.deepEqual(after.told, before.told);
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
