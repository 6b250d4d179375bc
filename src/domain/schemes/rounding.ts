// Rounding for statements. Money is rounded to the penny and points to 2 decimal places (as QOF
// publishes ACHIEVED_POINTS), half away from zero, ignoring the binary noise of the product:
// 1.005 × 100 is 100.49999999999999 in floating point, which a practice manager with a calculator
// would round to 101, and so must we.

export function roundTo(value: number, places: number): number {
  const scale = 10 ** places;
  // A relative nudge of 1e-12 lifts 100.49999999999999 to 100.5 but leaves a real 100.4999999 alone
  // (cheaper than trimming to 12 significant digits through a string, which a national run would feel).
  const scaled = Math.abs(value) * scale;
  const rounded = Math.round(scaled * (1 + 1e-12)) / scale;
  return value < 0 ? -rounded : rounded;
}

/** £ to the penny. */
export function pounds(value: number): number {
  return roundTo(value, 2);
}

/** Days from `from` to `to` inclusive (ISO dates); 0 when `to` is before `from`. */
export function daysInclusive(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return ms < 0 ? 0 : Math.round(ms / 86_400_000) + 1;
}
