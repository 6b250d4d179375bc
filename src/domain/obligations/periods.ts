/**
 * The periods an obligation falls due in, as UTC calendar days ('YYYY-MM-DD'): calendar months,
 * financial quarters (April–June, July–September, October–December, January–March) and financial
 * years (1 April to 31 March), the periods NHS finance and the GP contract count in.
 */
export const CADENCES = ['monthly', 'quarterly', 'annual'] as const;
export type Cadence = (typeof CADENCES)[number];

export const CADENCE_LABELS: Record<Cadence, string> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  annual: 'Annual (financial year)',
};

export interface Period {
  start: string;
  end: string;
  label: string;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const iso = (year: number, month0: number, day: number): string =>
  new Date(Date.UTC(year, month0, day)).toISOString().slice(0, 10);

function parts(date: string): { year: number; month0: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`'${date}' is not a date (YYYY-MM-DD)`);
  return { year: Number(m[1]), month0: Number(m[2]) - 1 };
}

/** How many months a period of the cadence spans, and the month (0-based) its years start in. */
const SPAN: Record<Cadence, number> = { monthly: 1, quarterly: 3, annual: 12 };

/** The period of `cadence` that contains `date`. */
export function periodContaining(cadence: Cadence, date: string): Period {
  const { year, month0 } = parts(date);
  const span = SPAN[cadence];
  // Months counted from April of year 0, so quarters and years start in April.
  const fromApril = year * 12 + month0 - 3;
  const startIndex = Math.floor(fromApril / span) * span + 3;
  const startYear = Math.floor(startIndex / 12);
  const startMonth0 = startIndex % 12;
  const start = iso(startYear, startMonth0, 1);
  const end = iso(startYear, startMonth0 + span, 0);
  return { start, end, label: periodLabel(cadence, start) };
}

/** The period after `period`. */
export function nextPeriod(cadence: Cadence, period: Period): Period {
  return periodContaining(cadence, addDays(period.end, 1));
}

export function periodLabel(cadence: Cadence, start: string): string {
  const { year, month0 } = parts(start);
  const fyStart = month0 >= 3 ? year : year - 1;
  const fy = `${fyStart}-${String((fyStart + 1) % 100).padStart(2, '0')}`;
  if (cadence === 'monthly') return `${MONTHS[month0]} ${year}`;
  if (cadence === 'annual') return fy;
  const quarter = Math.floor(((month0 + 9) % 12) / 3) + 1;
  const last = new Date(Date.UTC(year, month0 + 2, 1));
  return `Q${quarter} ${fy} (${MONTHS[month0]} to ${MONTHS[last.getUTCMonth()]} ${last.getUTCFullYear()})`;
}

export function addDays(date: string, days: number): string {
  const { year, month0 } = parts(date);
  const day = Number(date.slice(8, 10));
  return iso(year, month0, day + days);
}

/**
 * The periods a practice owes an item for by `today`: every period that has begun by `today`, ends
 * on or after the day the practice became bound (`from`), and starts no earlier than the period
 * containing `from`. The item for a period is there from its first day, due `dueDays` after its end.
 */
export function periodsOwed(cadence: Cadence, from: string, today: string): Period[] {
  const out: Period[] = [];
  let p = periodContaining(cadence, from);
  while (p.start <= today) {
    out.push(p);
    p = nextPeriod(cadence, p);
  }
  return out;
}

/** The start of a UTC day as an instant. */
export function startOfDay(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}
