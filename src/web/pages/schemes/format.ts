// Small formatting shared by the scheme pages: pounds to the penny, and numbers that may be missing.
import { formatPounds } from '../../../domain/money.ts';
import { formatNumber } from '../../components.ts';

/** The one money formatter (src/domain/money.ts): `£843,750.00`. */
export function pounds(amount: number | null): string {
  return formatPounds(amount);
}

export function num(value: number | null, digits = 0): string {
  return value === null ? '' : formatNumber(value, digits);
}
