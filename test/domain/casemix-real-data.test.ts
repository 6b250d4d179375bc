// The case-mix model on real data: QOF 2024-25 dementia registers, the registered population by sex and
// 5-year band (July 2026 extract, the nearest the shared data has) and IMD 2025 scores.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  ageShares,
  broadPopulation,
  type CaseMixComparison,
  type CaseMixUnit,
  caseMixComparison,
  type PopulationCount,
} from '../../src/domain/casemix/index.ts';
import { readImport } from '../../src/ingest/read.ts';
import { compareWithBenchmark, proportion } from '../../src/stats/index.ts';
import { NHS_DATA } from '../support/nhs-data.ts';

const NHS = NHS_DATA;

async function loadDementiaUnits(): Promise<CaseMixUnit[]> {
  const populations = new Map<string, PopulationCount[]>();
  for await (const r of readImport(`${NHS}/registrations/gp-reg-pat-prac-quin-age.csv`).records) {
    if (r.kind !== 'population') continue;
    const rows = populations.get(r.practiceCode) ?? [];
    rows.push({ sex: r.sex, ageBand: r.ageBand, patients: r.patients });
    populations.set(r.practiceCode, rows);
  }
  const imd = new Map<string, number>();
  for await (const r of readImport(`${NHS}/fingertips/imd-2025-by-practice.csv`).records) {
    if (r.kind === 'imd_score') imd.set(r.practiceCode, r.score);
  }
  const units: CaseMixUnit[] = [];
  for await (const r of readImport(`${NHS}/qof/PREVALENCE_2425.csv`).records) {
    if (r.kind !== 'qof_prevalence' || r.groupCode !== 'DEM') continue;
    units.push({
      code: r.practiceCode,
      observed: r.register,
      denominator: r.patientListSize > 0 ? r.patientListSize : null,
      population: populations.get(r.practiceCode) ?? [],
      imdScore: imd.get(r.practiceCode) ?? null,
    });
  }
  return units;
}

describe('Case-mix adjustment of real QOF dementia prevalence (2024-25)', () => {
  let units: CaseMixUnit[];
  let result: CaseMixComparison;

  before(async () => {
    units = await loadDementiaUnits();
    result = caseMixComparison(units);
  });

  it('fits on the practices with registrations and an IMD score, and says which were left out', () => {
    assert.equal(units.length, 6188);
    const model = result.model!;
    assert.equal(model.converged, true);
    assert.equal(model.boundary, false);
    assert.equal(model.unitsFitted + model.excluded.length, 6188);
    assert.ok(model.unitsFitted > 6000, `${model.unitsFitted} fitted`);
    const reasons = new Set(model.excluded.map((e) => e.reason));
    for (const reason of reasons)
      assert.ok(['no registered population', 'no IMD score', 'no denominator'].includes(reason));
  });

  it('finds what any GP would expect: dementia is concentrated in the oldest women', () => {
    const terms = new Map(result.model!.terms.map((t) => [t.name, t]));
    const oldWomen = terms.get('female 75+ share')!;
    assert.ok(oldWomen.coefficient! > 8, `female 75+ ${oldWomen.coefficient}`);
    // And it is by far the strongest age-sex term.
    for (const t of result.model!.terms) {
      if (t.kind === 'age_sex_share' && t !== oldWomen) assert.ok(t.coefficient! < oldWomen.coefficient!);
    }
  });

  it('expects as many people on dementia registers in total as are on them', () => {
    const adjusted = result.units.filter((u) => u.expected !== null);
    const observed = adjusted.reduce((s, u) => s + u.observed!, 0);
    const expected = adjusted.reduce((s, u) => s + u.expected!, 0);
    assert.ok(Math.abs(expected / observed - 1) < 1e-6);
  });

  it('finds real over-dispersion (φ > 1) and so flags from the random-effects limits', () => {
    assert.ok(result.funnel!.phi! > 1);
    assert.ok(result.funnel!.tau2! > 0);
    assert.equal(result.funnel!.adjusted, true);
  });

  it('flags far fewer of the oldest practices once their age mix is allowed for', () => {
    const england =
      units.reduce((s, u) => s + (u.denominator === null ? 0 : u.observed!), 0) /
      units.reduce((s, u) => s + (u.denominator ?? 0), 0);
    const withShares = units
      .map((u, i) => ({
        u,
        i,
        old: u.population.length > 0 ? ageShares(broadPopulation(u.population))!['75+'] : null,
      }))
      .filter((x) => x.old !== null && result.units[x.i]!.expected !== null)
      .sort((a, b) => b.old! - a.old!);
    const oldest = withShares.slice(0, Math.round(withShares.length / 10));
    const crudeHigh = oldest.filter(({ u }) => {
      const p = proportion(u.observed, u.denominator);
      const c = compareWithBenchmark({
        value: p.value,
        lower: p.limits[1]!.lower,
        upper: p.limits[1]!.upper,
        benchmark: england,
        polarity: 'no_judgement',
      });
      return c === 'higher';
    }).length;
    const adjustedHigh = oldest.filter(({ i }) => result.units[i]!.flag === 'high_99_8').length;
    // Measured: 366 of 610 crude-high at 99.8%, 7 adjusted-high.
    assert.ok(crudeHigh > 0.5 * oldest.length, `${crudeHigh} of ${oldest.length} crude-high`);
    assert.ok(adjustedHigh < 0.05 * oldest.length, `${adjustedHigh} of ${oldest.length} adjusted-high`);
  });
});
