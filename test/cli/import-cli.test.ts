// `fairview import` as a user runs it: a real process with its own PGlite data folder.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { demoFile, demoLines, TempFolder } from '../app/import-fixtures.ts';

const BIN = fileURLToPath(new URL('../../bin/fairview.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function fairview(args: string[], dataDir: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, FAIRVIEW_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('fairview import', () => {
  let folder: TempFolder;
  let dataDir: string;
  let bad: string;
  before(async () => {
    folder = await TempFolder.create();
    dataDir = `${folder.path}/data`;
    const lines = demoLines('qof/PREVALENCE_2425.csv.gz');
    bad = await folder.write('PREVALENCE_2425.csv', [...lines.slice(0, 2_001), 'A81001,HYP,lots,TOTAL,3904']);
  });
  after(async () => {
    await folder.remove();
  });

  it('imports each file, prints a summary with the rejection’s file, line and column, and exits 1', async () => {
    const run = await fairview(
      [
        'import',
        demoFile('qof/INDICATOR_MAPPINGS_2019_2020.csv.gz'),
        demoFile('fingertips/imd-2025-by-practice.csv.gz'),
        bad,
        '--as',
        'analyst',
      ],
      dataDir,
    );
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /Import summary/);
    assert.match(
      run.stdout,
      /INDICATOR_MAPPINGS_2019_2020\.csv\.gz\s+imported\s+qof-indicator-mappings\s+2019-20\s+68\s+68/,
    );
    assert.match(run.stdout, /imd-2025-by-practice\.csv\.gz\s+imported\s+imd-by-practice\s+2025\s+6,143/);
    assert.match(run.stdout, /PREVALENCE_2425\.csv\s+rejected/);
    assert.match(run.stdout, /3 files: 2 imported, 0 unchanged, 1 rejected\./);
    // stderr is not a terminal here: one plain line per file instead of a bar. The reason for the
    // rejection is printed there, once, and not again in the summary on stdout.
    assert.match(run.stderr, /imported\s+INDICATOR_MAPPINGS_2019_2020\.csv\.gz: 68 rows/);
    const reason =
      "PREVALENCE_2425.csv line 2002, column REGISTER: expected a non-negative number, found 'lots'";
    assert.equal(run.stderr.split(reason).length - 1, 1, run.stderr);
    assert.equal(run.stdout.split(reason).length - 1, 0, run.stdout);
  });

  it('says which format a file comes nearest to, in one short line on stderr only', async () => {
    const renamed = await folder.write('PREVALENCE_2324.csv', [
      'PRACTICE_CODE,GROUP_CODE,REGISTER_COUNT,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE',
      'A81001,AF,1,TOTAL,9',
    ]);
    const run = await fairview(['import', renamed], dataDir);
    assert.equal(run.code, 1);
    const lines = run.stderr.split('\n').filter((l) => l.includes('PREVALENCE_2324.csv line 1'));
    assert.equal(lines.length, 1, run.stderr);
    assert.ok(lines[0]!.length < 300, lines[0]);
    assert.match(
      lines[0]!,
      /the nearest is QOF prevalence .*\(--format qof-prevalence\), but it has no REGISTER column/,
    );
    assert.doesNotMatch(run.stdout, /nearest/);
  });

  it('reads a file as the format named with --format, whatever its name and header order', async () => {
    // A real 2024-25 prevalence excerpt renamed so that neither name nor period says what it is.
    const lines = demoLines('qof/PREVALENCE_2425.csv.gz').slice(0, 11);
    const renamed = await folder.write('registers.csv', lines);
    const run = await fairview(
      ['import', renamed, '--format', 'qof-prevalence', '--period', '2024-25'],
      dataDir,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /registers\.csv\s+imported\s+qof-prevalence\s+2024-25\s+10\s+10/);
    const wrong = await fairview(['import', renamed, '--format', 'qof-prevalance'], dataDir);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--format qof-prevalance is not a format; use one of .*qof-prevalence/);
  });

  it('reports an identical file as unchanged and exits 0', async () => {
    const run = await fairview(['import', demoFile('fingertips/imd-2025-by-practice.csv.gz')], dataDir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /imd-2025-by-practice\.csv\.gz\s+unchanged/);
    assert.match(run.stdout, /1 file: 0 imported, 1 unchanged, 0 rejected\./);
  });

  it('exits 2 with the usage when no file is named', async () => {
    const run = await fairview(['import'], dataDir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /usage: fairview import <files or folders…>/);
  });
});
