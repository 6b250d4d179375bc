/**
 * `fairview stats proportion` on a real Fingertips download (QOF smoking prevalence, indicator 91547):
 * the file's own published Wilson limits for every GP practice must come back from its Count and
 * Denominator columns. Fingertips publishes values to about ten significant figures, hence 1e-7.
 * (Some local-authority rows have apportioned, non-integer denominators or values rounded to seven
 * figures; the practices are the rows Fairview computes, so they are what is checked here.)
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NHS_DATA } from '../support/nhs-data.ts';
import { runStatsArgs } from './stats-run.ts';

const file = join(NHS_DATA, 'fingertips/smoking-prevalence-qof-91547.csv');

describe('fairview stats proportion on real Fingertips data', {
  skip: !existsSync(file) && 'data not present',
}, () => {
  it("reproduces Fingertips' published 95% and 99.8% limits for every practice", () => {
    const run = runStatsArgs([
      'proportion',
      file,
      '--numerator',
      'Count',
      '--denominator',
      'Denominator',
      '--multiplier',
      '100',
      '--format',
      'json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const rows: Record<string, string | number | null>[] = JSON.parse(run.stdout).rows;
    const practices = rows.filter(
      (r) => r['Area Type'] === 'GPs' && r.Count !== null && r['Lower CI 95.0 limit'] !== null,
    );
    assert.ok(practices.length > 6000, `${practices.length} practice rows`);
    const pairs = [
      ['value', 'Value'],
      ['lower_95', 'Lower CI 95.0 limit'],
      ['upper_95', 'Upper CI 95.0 limit'],
      ['lower_99_8', 'Lower CI 99.8 limit'],
      ['upper_99_8', 'Upper CI 99.8 limit'],
    ] as const;
    for (const r of practices) {
      for (const [ours, theirs] of pairs) {
        if (r[theirs] === null) continue;
        const published = Number(r[theirs]);
        const computed = r[ours] as number;
        assert.ok(
          Math.abs(computed - published) <= 1e-7 * Math.abs(published),
          `${r['Area Code']} ${r['Time period']} ${ours}: ${computed} vs published ${published}`,
        );
      }
    }
  });
});
