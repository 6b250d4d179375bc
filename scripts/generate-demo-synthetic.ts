/**
 * Writes the demo's SYNTHETIC monthly indicator (src/demo/synthetic.ts) into demo-data/synthetic/
 * as two Fairview indicator templates (gzip): April 2023 – September 2024, and the whole series to
 * March 2025 (the later monthly return). Deterministic: a seeded PRNG, practices in code order.
 *
 *   node --import tsx scripts/generate-demo-synthetic.ts
 *
 * The practices are those of sub-ICB 16C in the bundled practice mapping
 * (demo-data/registrations/gp-reg-pat-prac-map.csv.gz), with their list sizes from the bundled
 * registrations (gp-reg-pat-prac-quin-age.csv.gz); practices under 1,000 patients are left out.
 * Booked appointments a month ≈ list size × 0.4 (less in August and December), each practice has
 * its own usual did-not-attend rate (about 5%, between practices ± about 1 point) with binomial noise.
 * A81001 carries the planted pattern described in src/demo/synthetic.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DEMO_DATA_DIR } from '../src/demo/demo.ts';
import {
  DEMO_SYNTHETIC_DIR,
  DEMO_SYNTHETIC_FIRST_FILE,
  DEMO_SYNTHETIC_INDICATOR,
  DEMO_SYNTHETIC_LABEL,
  DEMO_SYNTHETIC_LATE_PRACTICE,
  DEMO_SYNTHETIC_LATER_FILE,
  DEMO_SYNTHETIC_MONTHS,
  DEMO_SYNTHETIC_PRACTICE,
  DEMO_SYNTHETIC_SUB_ICB,
  DEMO_SYNTHETIC_TARGET_PERCENT,
} from '../src/demo/synthetic.ts';

/** mulberry32: a small, well-known seeded PRNG (uniform in [0, 1)). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  // Box–Muller; 1 - u keeps log away from 0.
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** CSV fields (RFC 4180: quotes around fields holding a comma or quote, which never appear here but might). */
function parseLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

function readCsv(path: string): Record<string, string>[] {
  const lines = gunzipSync(readFileSync(path))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const header = parseLine(lines[0]!);
  return lines
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => {
      const fields = parseLine(l);
      return Object.fromEntries(header.map((h, i) => [h, fields[i] ?? '']));
    });
}

const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

function months(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month === to) return out;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}

/** A81001's planted rate (per cent) by month: level, a sustained rise from January 2024, then recovery. */
const PLANTED: Record<string, number> = {
  '2024-01': 6.2,
  '2024-02': 7.1,
  '2024-03': 7.9,
  '2024-04': 8.6,
  '2024-05': 9.3,
  '2024-06': 9.9,
  '2024-07': 10.6,
  '2024-08': 11.2,
  '2024-09': 11.8,
  // The later monthly return: the improvement plan working.
  '2024-10': 10.9,
  '2024-11': 9.4,
  '2024-12': 7.8,
  '2025-01': 6.4,
  '2025-02': 5.3,
  '2025-03': 4.6,
};
const PLANTED_USUAL = 4.9;

/**
 * A second planted practice, so the latest release ("demo-2") still has a red flag to follow: at its
 * usual level until September 2024 (so the first file does not change), then a rise in the later
 * monthly return. Its usual level is drawn like every other practice's, keeping the random stream, and
 * so the first file, byte-identical.
 */
const LATE_RISE: Record<string, number> = {
  '2024-10': 5.6,
  '2024-11': 6.8,
  '2024-12': 8.0,
  '2025-01': 9.0,
  '2025-02': 9.7,
  '2025-03': 10.4,
};

/** Fewer appointments are booked in August (holidays) and December (bank holidays). */
const SEASON: Record<string, number> = { '08': 0.9, '12': 0.85, '01': 1.03, '04': 0.96 };

const map = readCsv(join(DEMO_DATA_DIR, 'registrations', 'gp-reg-pat-prac-map.csv.gz'));
const codes = new Set(
  map.filter((r) => r.SUB_ICB_LOCATION_CODE === DEMO_SYNTHETIC_SUB_ICB).map((r) => r.PRACTICE_CODE!),
);
const listSize = new Map<string, number>();
for (const r of readCsv(join(DEMO_DATA_DIR, 'registrations', 'gp-reg-pat-prac-quin-age.csv.gz'))) {
  if (r.ORG_TYPE === 'GP' && r.SEX === 'ALL' && r.AGE_GROUP_5 === 'ALL' && codes.has(r.ORG_CODE!))
    listSize.set(r.ORG_CODE!, Number(r.NUMBER_OF_PATIENTS));
}
const practices = [...listSize.entries()]
  .filter(([code, size]) => /^[A-Z]\d{5}$/.test(code) && size >= 1000)
  .sort((a, b) => (a[0] < b[0] ? -1 : 1));
if (!practices.some(([code]) => code === DEMO_SYNTHETIC_PRACTICE))
  throw new Error(`${DEMO_SYNTHETIC_PRACTICE} is not among the ${DEMO_SYNTHETIC_SUB_ICB} practices`);

const definition = {
  indicator_code: DEMO_SYNTHETIC_INDICATOR,
  indicator_name: 'Booked GP appointments not attended (%) — SYNTHETIC',
  type: 'proportion',
  multiplier: '100',
  polarity: 'lower_is_better',
  period_type: 'month',
  domain: 'access',
  numerator_definition: 'Booked appointments recorded as did not attend (SYNTHETIC)',
  denominator_definition: 'Appointments booked in the month (SYNTHETIC)',
  source: `${DEMO_SYNTHETIC_LABEL} (scripts/generate-demo-synthetic.ts)`,
  caveats:
    `${DEMO_SYNTHETIC_LABEL}. Made up so the demo can show monthly SPC charts: every value is ` +
    `invented for the practices of sub-ICB ${DEMO_SYNTHETIC_SUB_ICB}, and The Densham Surgery ` +
    `(${DEMO_SYNTHETIC_PRACTICE}) carries a planted rise from January 2024 and a recovery to below ` +
    `a ${DEMO_SYNTHETIC_TARGET_PERCENT}% improvement-plan target by March 2025; ` +
    `${DEMO_SYNTHETIC_LATE_PRACTICE} carries a planted rise from October 2024. Do not use for any decision.`,
  disclosure_rule: '',
};
const columns = [
  'indicator_code',
  'indicator_name',
  'type',
  'multiplier',
  'polarity',
  'period_type',
  'domain',
  'numerator_definition',
  'denominator_definition',
  'source',
  'caveats',
  'disclosure_rule',
  'practice_code',
  'period',
  'numerator',
  'denominator',
] as const;

// Every value is drawn once, for the longest series, so the later file repeats the first's months exactly.
const all = months(DEMO_SYNTHETIC_MONTHS.later.from, DEMO_SYNTHETIC_MONTHS.later.to);
const random = seeded(20240916);
const values = new Map<string, { numerator: number; denominator: number }>();
for (const [code, size] of practices) {
  const usual =
    code === DEMO_SYNTHETIC_PRACTICE ? PLANTED_USUAL : Math.min(8.5, Math.max(2.5, 5 + 1.0 * normal(random)));
  for (const month of all) {
    const season = SEASON[month.slice(5)] ?? 1;
    const denominator = Math.max(50, Math.round(size * 0.4 * season * (1 + 0.03 * normal(random))));
    const percent =
      code === DEMO_SYNTHETIC_PRACTICE
        ? (PLANTED[month] ?? PLANTED_USUAL)
        : code === DEMO_SYNTHETIC_LATE_PRACTICE
          ? (LATE_RISE[month] ?? usual)
          : usual;
    const p = percent / 100;
    const expected = denominator * p;
    const noise = normal(random) * Math.sqrt(expected * (1 - p));
    const numerator = Math.min(denominator, Math.max(0, Math.round(expected + noise)));
    values.set(`${code}|${month}`, { numerator, denominator });
  }
}

function write(file: string, to: string): void {
  const lines = [columns.join(',')];
  for (const [code] of practices) {
    for (const month of months(DEMO_SYNTHETIC_MONTHS.first.from, to)) {
      const v = values.get(`${code}|${month}`)!;
      const row: Record<(typeof columns)[number], string> = {
        ...definition,
        practice_code: code,
        period: month,
        numerator: String(v.numerator),
        denominator: String(v.denominator),
      };
      lines.push(columns.map((c) => quote(row[c])).join(','));
    }
  }
  mkdirSync(DEMO_SYNTHETIC_DIR, { recursive: true });
  // gzip with a zero mtime: the same bytes every run.
  writeFileSync(join(DEMO_SYNTHETIC_DIR, file), gzipSync(`${lines.join('\n')}\n`, { level: 9 }));
  console.log(`${file}: ${practices.length} practices × ${lines.length - 1} rows`);
}

write(DEMO_SYNTHETIC_FIRST_FILE, DEMO_SYNTHETIC_MONTHS.first.to);
write(DEMO_SYNTHETIC_LATER_FILE, DEMO_SYNTHETIC_MONTHS.later.to);
