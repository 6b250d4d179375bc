// `fairview scheme` as a user runs it: validating the shipped examples and a broken definition,
// a dry-run premium from an inputs file, and a QOF-style calculation from imported achievement files
// in a PGlite folder — stored once, then reproduced exactly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importPaths } from '../../src/app/import/index.ts';
import { STATEMENT_COLUMNS } from '../../src/domain/schemes/index.ts';
import { openStore } from '../../src/store/database.ts';

const bin = fileURLToPath(new URL('../../bin/fairview.js', import.meta.url));
const examples = fileURLToPath(new URL('../../schemes/examples/', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/qof-achievement/', import.meta.url));

function run(args: string[], dataDir = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'scheme', ...args], {
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

describe('fairview scheme', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fairview-scheme-cli-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('validates the shipped examples', async () => {
    const r = await run([
      'validate',
      `${examples}qof-2023-24.json`,
      `${examples}quality-premium-2024-25.json`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /valid — qof scheme qof-2023-24 version 1 for 2023-24: 76 indicators, 635 points, £213.43 a point/,
    );
    assert.match(r.stdout, /valid — quality_premium scheme/);
  });

  it('lists every problem of a broken definition with its path, and exits 1', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(
      broken,
      JSON.stringify({
        kind: 'qof',
        id: 'x',
        version: 1,
        name: 'X',
        year: '2023-24',
        poundsPerPoint: 200,
        indicators: [
          { code: 'A', points: 1, lowerThreshold: 10, upperThreshold: 90 },
          { code: 'B', points: 1, lowerThreshold: 50, upperThreshold: 40 },
        ],
      }),
    );
    const r = await run(['validate', broken]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout.trim(),
      `${broken}: indicators[1].upperThreshold: expected a number greater than lowerThreshold (50), found 40`,
    );
  });

  it('calculates a quality premium from an inputs file without a database (--dry-run) and writes the CSV', async () => {
    const out = join(dir, 'premium.csv');
    const r = await run([
      'calculate',
      `${examples}quality-premium-2024-25.json`,
      '--inputs',
      `${examples}inputs/quality-premium-2024-25.json`,
      '--dry-run',
      '--out',
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    // 11X: 0.3, 0.2 and 0.25 of £3,050,000 met = £2,287,500; RTT missed −25% → £1,715,625.
    // 15N: the financial balance gateway failed → £0.
    assert.match(r.stdout, /2 statements, 22 lines, total £1,715,625.00/);
    assert.match(r.stdout, /dry run: nothing stored/);
    const csv = await readFile(out, 'utf8');
    assert.equal(csv.split('\n')[0], STATEMENT_COLUMNS.join(','));
    assert.match(csv, /11X,commissioner,total,TOTAL,Total(,[^,]*)+,1715625\.00,/);
  });

  it('says what is missing when a premium has no inputs, and refuses --release with --inputs', async () => {
    const none = await run([
      'calculate',
      `${examples}quality-premium-2024-25.json`,
      '--dry-run',
      '--inputs',
      join(dir, 'nope.json'),
    ]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /nope\.json/);
    const both = await run([
      'calculate',
      `${examples}qof-2023-24.json`,
      '--release',
      'R',
      '--inputs',
      'x.json',
    ]);
    assert.equal(both.code, 2);
  });

  describe('from imported QOF achievement', () => {
    let dataDir: string;
    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'fairview-scheme-data-'));
      const store = await openStore({ dataDir, databaseUrl: '' });
      try {
        await importPaths(store, [fixtures], { actor: 'analyst' });
      } finally {
        await store.close();
      }
    });
    after(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    it('stores a calculation, then reproduces it exactly with the same checksum', async () => {
      const out = join(dir, 'qof.csv');
      const first = await run(
        ['calculate', `${examples}qof-2023-24.json`, '--out', out, '--as', 'analyst'],
        dataDir,
      );
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /calculated qof-2023-24 version 1 for 2023-24 from QOF achievement 2023-24/);
      assert.match(first.stdout, /5 statements, 385 lines/);
      assert.match(first.stdout, /stored as calculation 1 \(new scheme version recorded\)/);
      const checksum = /statements checksum ([0-9a-f]{64})/.exec(first.stdout)![1];
      const second = await run(['calculate', `${examples}qof-2023-24.json`], dataDir);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, new RegExp(`statements checksum ${checksum}`));
      assert.match(second.stdout, /reproduced calculation 1 exactly: nothing new stored/);
      assert.equal((await readFile(out, 'utf8')).split('\n').length, 1 + 385 + 1);
    });

    it('explains a year with no achievement imported', async () => {
      const r = await run(['calculate', `${examples}qof-2023-24.json`, '--period', '2022-23'], dataDir);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /no QOF achievement imported for 2022-23/);
    });
  });
});
