/** `fairview stats` help and usage errors: what an analyst sees before any data is read. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runStats, runStatsArgs } from './stats-run.ts';

describe('fairview stats usage', () => {
  it('prints the list of methods for --help and exits 0', () => {
    const run = runStatsArgs(['--help']);
    assert.equal(run.code, 0);
    for (const method of ['proportion', 'rate', 'mean', 'dsr', 'isr', 'funnel', 'spc']) {
      assert.match(run.stdout, new RegExp(`^  ${method} `, 'm'));
    }
  });

  it("prints a method's options for '<method> --help' and exits 0", () => {
    const run = runStatsArgs(['spc', '--help']);
    assert.equal(run.code, 0);
    for (const option of [
      '--value',
      '--date',
      '--facet',
      '--rebase',
      '--target',
      '--run-length',
      '--format',
      '--out',
    ]) {
      assert.ok(run.stdout.includes(option), option);
    }
  });

  it('exits 2 with the usage for an unknown method, and for no method at all', () => {
    const unknown = runStatsArgs(['median', 'x.csv']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown method 'median'/);
    assert.match(unknown.stderr, /usage: fairview stats/);
    assert.equal(runStatsArgs([]).code, 2);
  });

  it('exits 2 naming an unknown option, and writes nothing to --out', () => {
    const run = runStats('spc', 'date,v\n2024-01-01,1\n', [
      '--value',
      'v',
      '--date',
      'date',
      '--colour',
      'red',
      '--out',
      'OUT',
    ]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown option '--colour'/);
    assert.equal(run.out, null);
  });

  it('exits 2 when the input file cannot be read', () => {
    const run = runStatsArgs(['spc', '/nonexistent/input.csv', '--value', 'v', '--date', 'd']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot read input file/);
  });

  it('exits 1 naming an unknown column and the option that named it', () => {
    const run = runStats('spc', 'date,v\n2024-01-01,1\n', ['--value', 'value', '--date', 'date']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /column 'value' \(given by --value\) is not in the input/);
  });
});
