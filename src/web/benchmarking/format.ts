/** How benchmarking values are written: 2 decimals for percentages and rates, "Not known" when missing. */
import { formatEnGB } from '../../domain/numbers.ts';
export function formatValue(value: number | null | undefined, unit: string, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'Not known';
  const n = formatEnGB(value, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return unit === '%' ? `${n}%` : unit ? `${n} ${unit}` : n;
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'Not known';
  return Math.round(value) === value
    ? value.toLocaleString('en-GB')
    : formatEnGB(value, { maximumFractionDigits: 1 });
}

export function formatRatio(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'Not known';
  return formatEnGB(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** "2.10% to 2.95%" */
export function formatRange(lower: number | null, upper: number | null, unit: string): string {
  if (lower === null || upper === null) return 'Not known';
  return `${formatValue(lower, unit)} to ${formatValue(upper, unit)}`;
}
