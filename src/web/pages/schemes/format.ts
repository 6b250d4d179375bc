// Small formatting shared by the scheme pages: pounds to the penny, and numbers that may be missing.
import { formatNumber } from '../../components.ts';

export function pounds(amount: number | null): string {
  if (amount === null) return '';
  const sign = amount < 0 ? '−' : '';
  return `${sign}£${Math.abs(amount).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function num(value: number | null, digits = 0): string {
  return value === null ? '' : formatNumber(value, digits);
}
