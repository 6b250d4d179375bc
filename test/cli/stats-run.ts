/**
 * Runs the real `fairview stats` command in a child process, with its input written to a temporary
 * directory, and hands back exit code, stdout, stderr and whatever landed in --out.
 * Shared by the stats-*.test.ts files (not itself a test file).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/fairview.js', import.meta.url));

export interface StatsRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Contents of the --out file, or null when it was not created. */
  out: string | null;
  /** Files left in the temporary directory besides the input (to catch stray temp files). */
  leftovers: string[];
}

/**
 * `fairview stats <method> input.csv <args>`. The literal `OUT` in args is replaced by a path in the
 * temporary directory, whose contents come back as `out`.
 */
export function runStats(method: string, csv: string, args: string[] = []): StatsRun {
  const dir = mkdtempSync(join(tmpdir(), 'fairview-stats-'));
  try {
    const input = join(dir, 'input.csv');
    const out = join(dir, 'out.txt');
    writeFileSync(input, csv);
    const result = spawnSync(
      process.execPath,
      [bin, 'stats', method, input, ...args.map((a) => (a === 'OUT' ? out : a))],
      { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 },
    );
    const leftovers = readdirSync(dir).filter((f) => f !== 'input.csv' && f !== 'out.txt');
    return {
      code: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      out: existsSync(out) ? readFileSync(out, 'utf8') : null,
      leftovers,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `fairview stats <args>` without an input file (for help and usage errors). */
export function runStatsArgs(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, 'stats', ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Parses CSV output of the command (simple: our own writer quotes only where needed). */
export { parseCsv } from '../../src/cli/stats/csv-reader.ts';
