/**
 * Grouping and summing as the reference methods do it: rows are gathered per group key, and a group's
 * sum is missing if any of its values is missing (R's plain `sum`, not `na.rm = TRUE`).
 */

/** The rows of one group, as indices into the input array, in input order. */
export interface RowGroup {
  readonly key: string;
  readonly rows: readonly number[];
}

/** Groups row indices by key. Groups come out in order of first appearance in the input. */
export function groupRows(keys: readonly string[]): RowGroup[] {
  const byKey = new Map<string, number[]>();
  keys.forEach((key, index) => {
    const rows = byKey.get(key);
    if (rows) rows.push(index);
    else byKey.set(key, [index]);
  });
  return [...byKey].map(([key, rows]) => ({ key, rows }));
}

/**
 * Sum with Neumaier's compensation, which keeps the extra precision R gets from summing in long double.
 * Returns null if any value is null (R's `sum` without `na.rm`).
 */
export function sumOrNull(values: readonly (number | null)[]): number | null {
  if (values.some((v) => v === null)) return null;
  return compensatedSum(values as readonly number[]);
}

/** Sum ignoring missing values (R's `sum(x, na.rm = TRUE)`); 0 for no values. */
export function sumPresent(values: readonly (number | null)[]): number {
  return compensatedSum(values.filter((v): v is number => v !== null));
}

export function compensatedSum(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const v of values) {
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}
