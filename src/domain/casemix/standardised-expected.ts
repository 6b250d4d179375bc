/**
 * Expected counts from a fitted standardised model (standardised-model.ts), for one unit or many.
 */
import {
  bandsOf,
  designOf,
  evaluate,
  IMD,
  IMD2,
  K,
  meanOf,
  parameterCount,
  type Row,
  RURAL,
} from './standardised-design.ts';
import type { StandardisedModel, StandardisedUnit } from './standardised-model.ts';

/**
 * The model's expected count for a unit: n·expit(η) (logit) or n·exp(η) (log); null when the unit has
 * no denominator, registered population or IMD score.
 */
export function standardisedExpected(
  model: StandardisedModel,
  unit: Omit<StandardisedUnit, 'code' | 'observed'>,
): number | null {
  const row = rowOf(unit);
  if (row === null) return null;
  const withRural = model.rural !== null;
  const eta = new Float64Array(1);
  evaluate(
    designOf([row], model.imdCentre, model.imdScale, model.ruralShare ?? 0),
    betaOf(model),
    withRural,
    eta,
    null,
    new Float64Array(row.bands.length),
  );
  return meanOf(model.link, eta[0]!, row.n);
}

/** The unit as a design row, or null when it has no denominator, IMD score or usable bands. */
function rowOf(unit: Omit<StandardisedUnit, 'code' | 'observed'>): Row | null {
  const n = unit.denominator;
  if (n === null || !(n > 0) || unit.imdScore === null || !Number.isFinite(unit.imdScore)) return null;
  const bands = bandsOf(unit.population);
  if (typeof bands === 'string') return null;
  return {
    code: '',
    observed: 0,
    n,
    bands,
    imd: unit.imdScore,
    rural: unit.rural === null ? null : unit.rural ? 1 : 0,
  };
}

/** The fitted model's coefficients laid out as the design's parameter vector. */
function betaOf(model: StandardisedModel): Float64Array {
  const withRural = model.rural !== null;
  const beta = new Float64Array(parameterCount(withRural));
  beta.set(model.curve, 0);
  beta[K] = model.femaleOffset[0];
  beta[K + 1] = model.femaleOffset[1];
  beta[IMD] = model.imd;
  beta[IMD2] = model.imdSquared;
  if (withRural) beta[RURAL] = model.rural!;
  return beta;
}

/**
 * `standardisedExpected` for many units at once: one design and one pass instead of one per unit
 * (each unit's η depends on its own rows only, so the numbers are the same).
 */
export function standardisedExpectedMany(
  model: StandardisedModel,
  units: readonly Omit<StandardisedUnit, 'code' | 'observed'>[],
): (number | null)[] {
  const out: (number | null)[] = new Array(units.length).fill(null);
  const rows: Row[] = [];
  const at: number[] = [];
  let widest = 0;
  units.forEach((unit, i) => {
    const row = rowOf(unit);
    if (row === null) return;
    widest = Math.max(widest, row.bands.length);
    rows.push(row);
    at.push(i);
  });
  if (rows.length === 0) return out;
  const withRural = model.rural !== null;
  const eta = new Float64Array(rows.length);
  evaluate(
    designOf(rows, model.imdCentre, model.imdScale, model.ruralShare ?? 0),
    betaOf(model),
    withRural,
    eta,
    null,
    new Float64Array(widest),
  );
  rows.forEach((row, r) => {
    out[at[r]!] = meanOf(model.link, eta[r]!, row.n);
  });
  return out;
}
