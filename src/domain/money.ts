// The one way Fairview writes money for people (issue 14): pounds and pence with thousands
// separators, `£843,750.00`; negative amounts with a minus sign before the pound sign, `−£1,234.50`.
// Files for machines (statement CSV, payable file) keep plain numbers (`843750.00`).

/** `843750` → `£843,750.00`; `-12.5` → `−£12.50`; null → ''. Rounded half away from zero to the penny. */
export function formatPounds(amount: number | null | undefined): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '';
  const pence = Math.round(Math.abs(amount) * 100 + 1e-9);
  const whole = Math.floor(pence / 100);
  const rest = String(pence % 100).padStart(2, '0');
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${amount < 0 && pence > 0 ? '−' : ''}£${grouped}.${rest}`;
}

/** A rate in pounds that may need more than two decimals (£ per point, £ per patient): `£213.43`, `£0.6`. */
export function formatRate(amount: number): string {
  const [whole, decimals] = String(Math.abs(amount)).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = decimals === undefined ? '' : `.${decimals.length === 1 ? `${decimals}0` : decimals}`;
  return `${amount < 0 ? '−' : ''}£${grouped}${fraction}`;
}
