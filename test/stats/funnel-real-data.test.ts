/**
 * Both funnel families on real data: QOF 2020-21 atrial fibrillation registers per practice (register
 * of list size, 6,571 practices), as published. Prevalence varies far more between practices than
 * chance allows, so the over-dispersion machinery has real work to do.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pheFunnelRows } from '../../src/stats/funnel-phe-rows.ts';
import { funnelPlotR } from '../../src/stats/funnel-plotr.ts';
import { NHS_DATA } from '../support/nhs-data.ts';

const FILE = join(NHS_DATA, 'qof/PREVALENCE_2021_v2.csv');

function afRegisters(): { group: string; numerator: number; denominator: number }[] {
  const lines = readFileSync(FILE, 'utf8').split(/\r?\n/);
  const header = lines[0]!.split(',');
  const col = (name: string) => header.indexOf(name);
  const [code, group, register, list] = [
    col('PRACTICE_CODE'),
    col('GROUP_CODE'),
    col('REGISTER'),
    col('PRACTICE_LIST_SIZE'),
  ];
  return lines
    .slice(1)
    .map((l) => l.split(','))
    .filter((f) => f[group] === 'AF')
    .map((f) => ({ group: f[code]!, numerator: Number(f[register]), denominator: Number(f[list]) }));
}

describe('funnels on QOF atrial fibrillation prevalence 2020-21', () => {
  const rows = afRegisters();

  it('finds over-dispersion (φ > 1) and flags from the adjusted limits, consistently with them', () => {
    assert.ok(rows.length > 6000);
    const f = funnelPlotR(rows, { dataType: 'PR', multiplier: 100 });
    assert.equal(f.units.length, rows.length);
    assert.ok(f.summary.phi! > 1, `phi ${f.summary.phi}`);
    assert.ok(f.summary.tau2! > 0);
    assert.equal(f.summary.adjusted, true);
    // National AF prevalence is about 2%.
    assert.ok(f.summary.target > 1.5 && f.summary.target < 2.5, `target ${f.summary.target}`);
    for (const u of f.units) {
      const l = u.adjustedLimits;
      assert.equal(u.value > l.upper99_8!, u.flag === 'high_99_8', u.group ?? '');
      assert.equal(u.value < l.lower99_8!, u.flag === 'low_99_8', u.group ?? '');
      assert.ok(l.lower99_8! <= l.lower95! && l.upper95! <= l.upper99_8!);
      // The random-effects limits are wider than the plain ones.
      assert.ok(l.upper95! >= u.limits.upper95! - 1e-12);
    }
    const flagged = f.units.filter((u) => u.flag !== 'none').length;
    const plain = funnelPlotR(rows, { dataType: 'PR', multiplier: 100, overdispersion: 'none' });
    const plainFlagged = plain.units.filter((u) => u.flag !== 'none').length;
    assert.ok(flagged < plainFlagged, `${flagged} adjusted vs ${plainFlagged} unadjusted outliers`);
  });

  it('gives the same target and similar flags from the PHE Wilson funnel', () => {
    const phe = pheFunnelRows(rows, { statistic: 'proportion', multiplier: 100 });
    const plain = funnelPlotR(rows, { dataType: 'PR', multiplier: 100, overdispersion: 'none' });
    assert.ok(Math.abs(phe.summary.target - plain.summary.target) < 1e-12);
    // Both test against the pooled average without over-dispersion, on different scales (Wilson vs
    // arcsine), so most units get the same flag.
    let same = 0;
    phe.rows.forEach((r, i) => {
      if (r.flag === plain.units[plain.rowUnit[i]!]!.flag) same++;
    });
    assert.ok(same / rows.length > 0.95, `agreement ${same}/${rows.length}`);
  });

  it('treats expected counts from the national rate as an SHMI-style ratio', () => {
    const total = rows.reduce((s, r) => s + r.numerator, 0) / rows.reduce((s, r) => s + r.denominator, 0);
    const sr = rows.map((r) => ({
      group: r.group,
      numerator: r.numerator,
      denominator: r.denominator * total,
    }));
    const f = funnelPlotR(sr, { dataType: 'SR' });
    assert.equal(f.summary.target, 1);
    assert.ok(f.summary.phi! > 1);
    // About 10% are truncated at each end.
    const kept = f.units.filter((u) => !u.trimmed).length;
    assert.ok(Math.abs(kept / f.units.length - 0.8) < 0.01, `kept ${kept}`);
  });
});
