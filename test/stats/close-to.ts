/** Relative closeness for floating-point results (absolute near zero), with a readable failure. */
import assert from 'node:assert/strict';

export function assertClose(
  actual: number | null | undefined,
  expected: number,
  relative = 1e-12,
  label = '',
): void {
  assert.ok(typeof actual === 'number', `${label} expected a number close to ${expected}, got ${actual}`);
  const scale = Math.max(Math.abs(expected), 1e-300);
  const error = Math.abs(actual - expected) / scale;
  assert.ok(
    error <= relative || Math.abs(actual - expected) <= 1e-300,
    `${label} ${actual} is not within ${relative} (relative) of ${expected}: error ${error.toExponential(2)}`,
  );
}
