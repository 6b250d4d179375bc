/**
 * How a set of headline judgments compares with chance: how many practices are flagged at each level
 * and side, against how many chance alone would flag if every practice differed only by its
 * population and legitimate variation (5% at 95%, 0.2% at 99.8%), and the spread of the z-scores
 * (root mean square about 1, and 1.4826 × median |z| — the spread of the bulk — about 1, when the
 * limits are right). Shown on each indicator page.
 */
import type { FunnelFlag } from '../../stats/index.ts';

export interface Calibration {
  readonly n: number;
  readonly high95: number;
  readonly low95: number;
  readonly high99_8: number;
  readonly low99_8: number;
  /** What chance alone would flag: n × 5% and n × 0.2%. */
  readonly chance95: number;
  readonly chance99_8: number;
  readonly zRms: number | null;
  readonly zSpread: number | null;
}

export function calibrationOf(units: readonly { z: number; flag: FunnelFlag }[]): Calibration {
  let high95 = 0;
  let low95 = 0;
  let high998 = 0;
  let low998 = 0;
  let squares = 0;
  const absolute: number[] = [];
  for (const u of units) {
    if (u.flag === 'high_95' || u.flag === 'high_99_8') high95++;
    if (u.flag === 'low_95' || u.flag === 'low_99_8') low95++;
    if (u.flag === 'high_99_8') high998++;
    if (u.flag === 'low_99_8') low998++;
    if (Number.isFinite(u.z)) {
      squares += u.z * u.z;
      absolute.push(Math.abs(u.z));
    }
  }
  absolute.sort((a, b) => a - b);
  const m = absolute.length;
  const median =
    m === 0 ? null : m % 2 === 1 ? absolute[m >> 1]! : 0.5 * (absolute[m / 2 - 1]! + absolute[m / 2]!);
  return {
    n: units.length,
    high95,
    low95,
    high99_8: high998,
    low99_8: low998,
    chance95: units.length * 0.05,
    chance99_8: units.length * 0.002,
    zRms: m === 0 ? null : Math.sqrt(squares / m),
    zSpread: median === null ? null : 1.4826 * median,
  };
}
