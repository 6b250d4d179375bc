// Writes a SYNTHETIC English Prescribing Dataset month shaped like a real national one, for the
// prescribing benchmark (bench/prescribing.bench.ts) and for trying the importer at scale.
//
//   node --import tsx scripts/generate-epd.ts OUT.csv [--rows 18000000] [--practices 6300] [--month 202509]
//
// Shape (../shared/spec/data-formats.md §d and the real excerpt ../shared/data/nhs/prescribing):
// - the current 26-column header (ICB_NAME/ICB_CODE), rows sorted by practice as NHSBSA publishes;
// - ~6,300 practices, each prescribing ~1,050 presentations drawn (Zipf-like, by the real excerpt's
//   row counts) from a pool of ~20,000 BNF codes: the excerpt's 2,709 real codes and variants of them;
// - each presentation on 1–6 rows (pack quantities), ~2.7 on average: 18M rows make ~6.6M
//   practice × presentation groups, as a real month does; ~310 bytes a row with names and addresses.
// Deterministic (a fixed-seed generator): the same arguments write the same bytes.

import { createWriteStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { csvField, EPD_HEADER, epdChapter } from '../src/domain/prescribing/epd-layout.ts';
import { mulberry32 } from '../src/domain/seeded-random.ts';

const EXCERPT = fileURLToPath(new URL('../../shared/data/nhs/prescribing/epd_201709.csv', import.meta.url));

export interface GenerateOptions {
  rows: number;
  practices: number;
  /** YYYYMM. */
  month: string;
}

interface Presentation {
  code: string;
  name: string;
  chemicalName: string;
  chapter: string;
  unitCost: number;
  adqPerUnit: number;
}

function pool(rand: () => number): { presentations: Presentation[]; cumulative: Float64Array } {
  const lines = readFileSync(EXCERPT, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l !== '');
  const weight = new Map<string, number>();
  const names = new Map<string, string>();
  for (const line of lines) {
    const f = [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!);
    const code = f[16]!;
    weight.set(code, (weight.get(code) ?? 0) + 1);
    names.set(code, (f[17] ?? '').replaceAll('"', '').replaceAll(',', ' '));
  }
  const real = [...weight.entries()].sort((a, b) => b[1] - a[1]);
  const presentations: Presentation[] = [];
  const weights: number[] = [];
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  // A code has one name, as in a real month: a variant that happens to spell an existing code is dropped.
  const used = new Set(real.map(([code]) => code));
  for (let variant = 0; variant < 8; variant++) {
    for (const [code, w] of real) {
      const c =
        variant === 0
          ? code
          : `${code.slice(0, 11)}${letters[variant]}${letters[Math.floor(rand() * 26)]}${code.slice(13)}`;
      if (variant > 0) {
        if (used.has(c)) continue;
        used.add(c);
      }
      const chapter = csvField(epdChapter(code));
      presentations.push({
        code: c,
        name: `${names.get(code) ?? 'Presentation'}${variant === 0 ? '' : ` (variant ${variant})`}`,
        chemicalName: `Chemical ${code.slice(0, 9)}`,
        chapter,
        unitCost: 0.02 + rand() * 2,
        adqPerUnit: 0.25 + rand(),
      });
      weights.push(w / (1 + variant * 3));
    }
  }
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i]!;
    cumulative[i] = total;
  }
  for (let i = 0; i < cumulative.length; i++) cumulative[i]! /= total;
  return { presentations, cumulative };
}

function pick(cumulative: Float64Array, r: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export async function generateEpd(
  path: string,
  options: GenerateOptions,
): Promise<{ rows: number; bytes: number }> {
  const rand = mulberry32(20);
  const { presentations, cumulative } = pool(rand);
  const out = createWriteStream(path, { highWaterMark: 4 * 1024 * 1024 });
  let bytes = 0;
  let pending: string[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    const text = pending.join('');
    pending = [];
    pendingBytes = 0;
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  pending.push(`${EPD_HEADER}\n`);
  const rowsPerPractice = options.rows / options.practices;
  let written = 0;
  for (let p = 0; p < options.practices; p++) {
    // Never a code ending 998: those are the "unidentified prescriber" cost centres, which are skipped.
    const serial = (10_000 + p) % 1000 === 998 ? 90_001 + p : 10_000 + p;
    const practice = `${String.fromCharCode(65 + (p % 26))}${String(serial).padStart(5, '0')}`;
    const icb = `Q${String.fromCharCode(65 + ((p % 42) % 26))}${p % 10}`;
    const prefix = `${options.month},NORTH EAST AND YORKSHIRE,Y63,NHS SYNTHETIC ${icb} INTEGRATED CARE BOARD,${icb},NHS SYNTHETIC ICB - ${p % 106}X,${String(p % 106).padStart(2, '0')}X,THE SYNTHETIC PRACTICE ${p},${practice},THE HEALTH CENTRE,${p} HIGH STREET,SYNTHETIC TOWN,,ZZ${p % 99} 9ZZ,`;
    const target =
      p === options.practices - 1 ? options.rows - written : Math.round(rowsPerPractice * (p + 1)) - written;
    const chosen = new Set<number>();
    let rows = 0;
    while (rows < target) {
      let index = pick(cumulative, rand());
      while (chosen.has(index)) index = (index + 1) % presentations.length;
      chosen.add(index);
      const pr = presentations[index]!;
      const packs = Math.min(target - rows, 1 + Math.floor(rand() * rand() * 8));
      for (let k = 0; k < packs; k++) {
        const quantity = [28, 56, 30, 84, 14, 100, 7, 60][k % 8]! * (1 + Math.floor(rand() * 2));
        const items = 1 + Math.floor(rand() * rand() * 40);
        const total = quantity * items;
        const nic = Math.round(total * pr.unitCost * 100) / 100;
        const cost = Math.round(nic * 0.93 * 100000) / 100000;
        const adq = (total * pr.adqPerUnit).toFixed(1);
        const line = `${prefix}${pr.code.slice(0, 9)},${pr.chemicalName},${pr.code},${pr.name},${pr.chapter},${quantity}.0,${items},${total}.0,${adq},${nic.toFixed(2)},${cost},N\n`;
        pending.push(line);
        pendingBytes += line.length;
        rows++;
      }
      if (pendingBytes > 4 * 1024 * 1024) await flush();
    }
    written += rows;
  }
  await flush();
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return { rows: written, bytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const path = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1]!.startsWith('--')));
  const option = (name: string, fallback: string) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1]! : fallback;
  };
  if (!path) {
    console.error('usage: generate-epd.ts OUT.csv [--rows 18000000] [--practices 6300] [--month 202509]');
    process.exit(2);
  }
  const started = performance.now();
  const result = await generateEpd(path, {
    rows: Number(option('rows', '18000000')),
    practices: Number(option('practices', '6300')),
    month: option('month', '202509'),
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `SYNTHETIC EPD month: ${result.rows.toLocaleString('en-GB')} rows, ${(result.bytes / 1e9).toFixed(2)} GB in ${seconds.toFixed(1)} s → ${path}`,
  );
}
