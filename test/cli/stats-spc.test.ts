/**
 * `fairview stats spc`, run as analysts run it. Expected limits are worked by hand from the spec:
 * mean of the values, average moving range (first point has none), limits at mean ∓ 2.66 × amr.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv, runStats } from './stats-run.ts';

// Team A: 5, 6, (missing), 7 → mean 6; the only moving range is |6 − 5| = 1 (the ones either side of
// the gap are missing) → limits 6 ∓ 2.66 = 3.34, 8.66. Rows are deliberately not in date order.
const twoTeams = [
  'date,v,team',
  '2024-02-01,6,A',
  '2024-01-01,5,A',
  '2024-03-01,,A',
  '2024-04-01,7,A',
  '2024-01-01,10,B',
  '2024-02-01,12,B',
  '2024-03-01,11,B',
  '',
].join('\n');

// Twelve points alternating 10/11 (mean 10.5 before the spike, amr 1) and then a spike of 20.
const spike = [
  'month,rate',
  ...Array.from({ length: 12 }, (_, i) => `2023-${String(i + 1).padStart(2, '0')}-01,${10 + (i % 2)}`),
  '2024-01-01,20',
  '',
].join('\n');

describe('fairview stats spc', () => {
  it('keeps every input row in input order and appends mean, limits and the rule per point', () => {
    const run = runStats('spc', twoTeams, ['--value', 'v', '--date', 'date', '--facet', 'team']);
    assert.equal(run.code, 0, run.stderr);
    const out = parseCsv(run.stdout);
    assert.deepEqual(out.header, [
      'date',
      'v',
      'team',
      'mean',
      'lower_limit',
      'upper_limit',
      'special_cause',
      'point_type',
    ]);
    assert.deepEqual(
      out.rows.map((r) => r.slice(0, 3)),
      parseCsv(twoTeams).rows,
    );
    const a = out.rows[0]!;
    assert.equal(Number(a[3]), 6);
    assert.ok(Math.abs(Number(a[4]) - 3.34) < 1e-12);
    assert.ok(Math.abs(Number(a[5]) - 8.66) < 1e-12);
    assert.deepEqual(a.slice(6), ['Common Cause', 'common_cause']);
    // The missing point keeps its group's mean and limits but gets no verdict.
    assert.deepEqual(out.rows[2]!.slice(6), ['', '']);
    assert.equal(Number(out.rows[2]![3]), 6);
    // Team B: 10, 12, 11 → mean 11, moving ranges 2 and 1 → amr 1.5 → 11 ∓ 3.99.
    assert.equal(Number(out.rows[4]![3]), 11);
    assert.ok(Math.abs(Number(out.rows[4]![5]) - 14.99) < 1e-12);
  });

  it('flags a point above the upper limit as improvement or concern by the improvement direction', () => {
    const up = runStats('spc', spike, ['--value', 'rate', '--date', 'month']);
    assert.equal(up.code, 0, up.stderr);
    const last = parseCsv(up.stdout).rows.at(-1)!;
    assert.deepEqual(last.slice(-2), ['Above UCL', 'special_cause_improvement']);
    const down = runStats('spc', spike, [
      '--value',
      'rate',
      '--date',
      'month',
      '--improvement',
      'decrease',
      '--format',
      'json',
    ]);
    assert.equal(down.code, 0, down.stderr);
    const json = JSON.parse(down.stdout);
    assert.equal(json.rows.at(-1).point_type, 'special_cause_concern');
    assert.equal(json.rows.at(-1).rate, 20);
    const [group] = json.summary.groups;
    assert.equal(group.facet, null);
    assert.equal(group.n, 13);
    assert.equal(group.variation, 'special_cause_concern');
    assert.equal(group.variation_icon, 'concern_high.svg');
  });

  it('reports assurance against a per-facet target and starts new limits at a rebase date', () => {
    const run = runStats('spc', twoTeams, [
      '--value',
      'v',
      '--date',
      'date',
      '--facet',
      'team',
      '--target',
      'A=100;B=1',
      '--rebase',
      'B=2024-03-01',
      '--format',
      'json',
      '--out',
      'OUT',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    const json = JSON.parse(run.out!);
    const groups = json.summary.groups.map(
      (g: {
        facet: string;
        rebase_group: number;
        assurance: string | null;
        assurance_icon: string | null;
      }) => [g.facet, g.rebase_group, g.assurance, g.assurance_icon],
    );
    // A: target 100 is above the upper limit 8.66 and higher is better → never met.
    // B's latest group (from 2024-03-01) has one point (no moving range, no limits) → inconsistent.
    assert.deepEqual(groups, [
      ['A', 0, 'consistent_fail', 'fail.svg'],
      ['B', 0, null, null],
      ['B', 1, 'inconsistent', 'inconsistent.svg'],
    ]);
  });

  it('refuses a date that is not a date, naming the data line and column, and writes no --out file', () => {
    const bad = twoTeams.replace('2024-03-01,11,B', '03/2024,11,B');
    const run = runStats('spc', bad, ['--value', 'v', '--date', 'date', '--facet', 'team', '--out', 'OUT']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /data line 7/);
    assert.match(run.stderr, /'date'/);
    assert.equal(run.out, null);
    assert.deepEqual(run.leftovers, []);
  });

  it('refuses --fix-after below 12 as a usage error', () => {
    const run = runStats('spc', twoTeams, ['--value', 'v', '--date', 'date', '--fix-after', '5']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--fix-after/);
  });
});
