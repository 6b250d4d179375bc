// A release's `results_checksum`: sha256 over the checksum of its peer groups and then each
// indicator's checksum (its rows in the order they are computed), indicators by code. Because it is
// made from per-indicator checksums, an indicator whose rows were copied from an earlier release
// (with the checksum stored beside them) gives the same release checksum as one computed afresh.
import { createHash } from 'node:crypto';

export interface IndicatorChecksum {
  /** `code@version`. */
  label: string;
  checksum: string;
}

/** `indicators` must be in code order (the order they are computed in). */
export function releaseChecksum(peers: string, indicators: readonly IndicatorChecksum[]): string {
  const hash = createHash('sha256');
  hash.update(`peers\x1f${peers}\n`);
  for (const i of indicators) hash.update(`${i.label}\x1f${i.checksum}\n`);
  return hash.digest('hex');
}
