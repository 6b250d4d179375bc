/**
 * `fairview import <files or folders…> [--format F] [--period P] [--as USER] [--require-known-practices]`
 *
 * Imports each file in its own transaction (folders: every .csv, .csv.gz and .zip inside, organisation
 * files first), shows a progress bar per file on stderr (a plain line per file when stderr is not a
 * terminal), prints a summary table on stdout, then derives lineage from the data.
 *
 * Exit codes: 0 every file imported or unchanged, 1 a file was rejected, 2 a mistake in the command.
 */

import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { systemClock } from '../../app/clock.ts';
import { importPaths } from '../../app/import/import-paths.ts';
import type { ImportProgress, PathOutcome } from '../../app/import/outcome.ts';
import { deriveLineage, type LineageDerivation } from '../../app/lineage/derive.ts';
import type { FormatId } from '../../domain/records.ts';
import { FORMATS } from '../../ingest/formats.ts';
import { openStore } from '../../store/database.ts';

const USAGE = `usage: fairview import <files or folders…> [--format F] [--period P] [--as USER] [--require-known-practices]

Imports NHS data files (.csv, .csv.gz, .zip; the format is detected from the header) into the store
(FAIRVIEW_DATA_DIR, or DATABASE_URL for PostgreSQL). A folder imports every such file inside it.

  --format F                  read the files as format F instead of detecting it (the ids below)
  --period P                  the period when the file does not state it: a QOF or financial year
                              (2024-25) or an extract date (2023-12-01)
  --as USER                   who is importing (recorded with each batch; default: your login name)
  --require-known-practices   reject a file that names a practice no organisation file has named
  --help                      show this help

Exit status: 0 all files imported or unchanged, 1 a file was rejected, 2 a usage mistake.

Formats (--format id: what the file starts with):
${formatList()}`;

/** One line per format: its id and the columns (or shape) that identify it. */
function formatList(): string {
  return FORMATS.map((f) => {
    const d = f.detection;
    const what = d.by === 'header' ? d.requiredColumns.map((a) => a.join('|')).join(', ') : d.description;
    return `  ${f.id.padEnd(28)}${f.name}\n  ${''.padEnd(28)}${what}`;
  }).join('\n');
}

export async function importFiles(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    console.error(`fairview import: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (parsed.positionals.length === 0) {
    console.error(`fairview import: name at least one file or folder\n\n${USAGE}`);
    return 2;
  }
  const format = parsed.values.format;
  if (format !== undefined && !FORMATS.some((f) => f.id === format)) {
    console.error(
      `fairview import: --format ${format} is not a format; use one of ${FORMATS.map((f) => f.id).join(', ')}`,
    );
    return 2;
  }
  const actor = parsed.values.as ?? defaultActor();
  const store = await openStore();
  try {
    const progress = process.stderr.isTTY ? new BarProgress() : new LineProgress();
    const outcomes = await importPaths(store, parsed.positionals, {
      actor,
      ...(parsed.values.period ? { period: parsed.values.period } : {}),
      ...(format ? { format: format as FormatId } : {}),
      unknownPractices: parsed.values['require-known-practices'] ? 'reject' : 'add',
      onFileStart: (file, index, count) => progress.start(file.path, file.sizeBytes, index, count),
      onProgress: (p) => progress.update(p),
      onFileDone: (outcome) => progress.done(outcome),
    });
    let lineage: LineageDerivation | null = null;
    if (outcomes.some((o) => o.status === 'imported'))
      lineage = await deriveLineage(store, { actor, now: systemClock() });
    console.log(summaryTable(outcomes, lineage));
    return outcomes.some((o) => o.status === 'rejected') ? 1 : 0;
  } finally {
    await store.close();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      period: { type: 'string' },
      as: { type: 'string' },
      'require-known-practices': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function defaultActor(): string {
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

interface Progress {
  start(path: string, sizeBytes: number, index: number, count: number): void;
  update(progress: ImportProgress): void;
  done(outcome: PathOutcome): void;
}

/** One bar per file: raw bytes read, rows per second and time left. */
class BarProgress implements Progress {
  private bar: cliProgress.SingleBar | null = null;
  private startedAt = 0;

  start(path: string, sizeBytes: number, index: number, count: number): void {
    this.startedAt = performance.now();
    this.bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `[${index + 1}/${count}] {file} |{bar}| {percentage}% {done} of {size} | {rows} rows | {rate} rows/s | ETA {eta_formatted}`,
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(Math.max(1, sizeBytes), 0, {
      file: fileName(path),
      done: mb(0),
      size: mb(sizeBytes),
      rows: '0',
      rate: '0',
    });
  }

  update(p: ImportProgress): void {
    if (!this.bar || p.phase !== 'reading') return;
    const seconds = (performance.now() - this.startedAt) / 1000;
    this.bar.update(p.bytesRead, {
      done: mb(p.bytesRead),
      rows: number(p.rowsRead),
      rate: number(seconds > 0 ? p.rowsRead / seconds : 0),
    });
  }

  done(outcome: PathOutcome): void {
    this.bar?.stop();
    this.bar = null;
    process.stderr.write(`${plainLine(outcome)}\n`);
  }
}

/** Not a terminal (a log, CI): one line per file once it is done. */
class LineProgress implements Progress {
  start(): void {}
  update(): void {}
  done(outcome: PathOutcome): void {
    process.stderr.write(`${plainLine(outcome)}\n`);
  }
}

function plainLine(o: PathOutcome): string {
  const seconds = o.durationMs / 1000;
  if (o.status === 'rejected') return `rejected  ${o.message}`; // the one place the reason is printed
  if (o.status === 'unchanged') return `unchanged ${o.fileName} (identical to batch ${o.batchId})`;
  const rate = seconds > 0 ? ` (${number(o.rowsRead / seconds)} rows/s)` : '';
  return `imported  ${o.fileName}: ${number(o.rowsRead)} rows, ${number(o.factsWritten)} facts in ${seconds.toFixed(1)} s${rate}`;
}

const COLUMNS = [
  'file',
  'status',
  'format',
  'period',
  'rows read',
  'facts written',
  'rows skipped',
  'rows rejected',
];
const NUMERIC_FROM = 4;

/** The summary: one table row per file, then the reasons under it (skips, rejected rows, the rejection). */
export function summaryTable(outcomes: readonly PathOutcome[], lineage: LineageDerivation | null): string {
  const rows = outcomes.map((o) =>
    o.status === 'rejected'
      ? [o.fileName, 'rejected', o.format ?? '', '', '', '', '', '']
      : [
          o.fileName,
          o.status,
          o.format,
          o.period ?? '',
          o.status === 'unchanged' ? '-' : number(o.rowsRead),
          o.status === 'unchanged' ? '-' : number(o.factsWritten),
          o.status === 'unchanged' ? '-' : number(o.rowsSkipped),
          o.status === 'unchanged' ? '-' : number(o.rowsRejected),
        ],
  );
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const render = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i >= NUMERIC_FROM ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const lines = ['', 'Import summary', render(COLUMNS), render(widths.map((w) => '-'.repeat(w)))];
  outcomes.forEach((o, i) => {
    lines.push(render(rows[i]!));
    for (const detail of details(o)) lines.push(`    ${detail}`);
  });
  const count = (status: PathOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  lines.push('');
  lines.push(
    `${outcomes.length} file${outcomes.length === 1 ? '' : 's'}: ${count('imported')} imported, ` +
      `${count('unchanged')} unchanged, ${count('rejected')} rejected.`,
  );
  if (lineage) {
    lines.push(
      `Lineage derived: ${number(lineage.closures)} closures, ${number(lineage.mergers)} mergers, ` +
        `${number(lineage.successions)} successions, ${number(lineage.commissioners)} links between commissioners; ` +
        `${number(lineage.candidates)} merger candidates wait for an administrator (/lineage).`,
    );
  }
  return lines.join('\n');
}

function details(o: PathOutcome): string[] {
  // The reason was printed once already, on stderr, as the file was done with.
  if (o.status === 'rejected') return [];
  if (o.status === 'unchanged') return [`unchanged: identical to the file imported as batch ${o.batchId}`];
  const out: string[] = [];
  const shown = 3;
  if (o.skipped.length > 0) {
    const reasons = o.skipped.slice(0, shown).map((s) => `${number(s.rows)} ${s.reason}`);
    if (o.skipped.length > shown) {
      const rest = o.skipped.slice(shown).reduce((n, s) => n + s.rows, 0);
      reasons.push(`${number(rest)} for ${o.skipped.length - shown} other reasons`);
    }
    out.push(`skipped: ${reasons.join('; ')}`);
  }
  if (o.rowsRejected > 0) {
    const first = o.rejections.slice(0, shown).map((r) => r.message);
    const more = o.rowsRejected > first.length ? ` (and ${number(o.rowsRejected - first.length)} more)` : '';
    out.push(`rows rejected${more}: ${first.join('; ')}`);
  }
  for (const note of o.notes) out.push(`note: ${number(note.rows)} ${note.reason}`);
  return out;
}

function number(n: number): string {
  return Math.round(n).toLocaleString('en-GB');
}

function mb(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
