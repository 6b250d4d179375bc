// `fairview indicator` as an analyst runs it against a PGlite folder: a template adds an indicator
// once (the same file again changes nothing), a bad template names file, line and column, an
// expression indicator is parsed (a bad one names the character), and `list` shows what was added.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/fairview.js', import.meta.url));

const HEADER =
  'indicator_code,indicator_name,type,multiplier,polarity,period_type,practice_code,period,numerator,denominator';
const ROW = (practice: string, n: string, d: string) =>
  `FLU65,Flu vaccination 65+,proportion,100,higher_is_better,financial_year,${practice},2023-24,${n},${d}`;

describe('fairview indicator', () => {
  let folder: string;
  const run = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [bin, 'indicator', ...args], {
        env: { ...process.env, FAIRVIEW_DATA_DIR: join(folder, 'data'), DATABASE_URL: '' },
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
    folder = await mkdtemp(join(tmpdir(), 'fairview-indicator-cli-'));
  });
  after(() => rm(folder, { recursive: true, force: true }));

  it('adds the indicators of a template once, and says so when given the same file again', async () => {
    const file = join(folder, 'flu.csv');
    await writeFile(file, [HEADER, ROW('A81001', '700', '900'), ROW('A81002', '650', '800'), ''].join('\n'));
    const first = await run(['add-template', file]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /FLU65 version 1 \(Flu vaccination 65\+\): saved/);
    assert.match(first.stdout, /2 values written/);
    const again = await run(['add-template', file]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already imported \(same checksum\); nothing changed/);
  });

  it('refuses a bad template with its file, line and column, and exits 1', async () => {
    const file = join(folder, 'bad.csv');
    await writeFile(file, [HEADER, ROW('A81001', '901', '900'), ''].join('\n'));
    const result = await run(['add-template', file]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /bad\.csv line 2, column numerator: expected at most the denominator/);
  });

  it('saves an expression indicator and names the character of a bad expression', async () => {
    const common = [
      '--name',
      'CHD or stroke',
      '--denominator',
      'list_size',
      '--period-type',
      'financial_year',
    ];
    const bad = await run([
      'add-expression',
      '--code',
      'CVD',
      '--numerator',
      'qof_prevalence.register[CHD] *',
      ...common,
    ]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /at character \d+/);
    const good = await run([
      'add-expression',
      '--code',
      'CVD',
      '--numerator',
      'qof_prevalence.register[CHD] + qof_prevalence.register[STIA]',
      ...common,
    ]);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /CVD version 1 \(CHD or stroke\): saved/);
    const listed = await run(['list']);
    assert.match(listed.stdout, /^CVD\s+v1\s+proportion\s+no_judgement\s+CHD or stroke$/m);
    assert.match(listed.stdout, /^FLU65\s+v1\s+proportion\s+higher_is_better\s+Flu vaccination 65\+$/m);
  });

  it('answers a usage mistake with the usage and exit 2', async () => {
    const result = await run(['add-expression', '--code', 'X']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /are required/);
  });
});
