/**
 * `fairview stats <method> <input.csv> [options] [--format csv|json] [--out FILE]`: the analyst command
 * line over src/stats (the contract is in the statistics spec, "The analyst command line").
 *
 * Exit codes: 0 success, 1 data the method cannot accept (the message names the data line and column),
 * 2 a mistake in the command (unknown method or option, bad option value, unreadable input file).
 */
import { readFileSync } from 'node:fs';
import { readCsvBytes } from '../stats/csv-reader.ts';
import { describeDataError, StatsDataError, StatsUsageError } from '../stats/errors.ts';
import { InputTable } from '../stats/input-table.ts';
import type { StatsMethod } from '../stats/method.ts';
import { methods } from '../stats/methods.ts';
import { type OptionSpec, Options, parseArgs } from '../stats/options.ts';
import { checkColumnClash, renderCsv, renderJson } from '../stats/result-table.ts';
import { methodUsage, statsUsage } from '../stats/usage.ts';
import { writeOutput } from '../stats/write-output.ts';

const sharedOptions: OptionSpec[] = [
  { name: 'format', kind: 'value', placeholder: 'csv|json', help: 'output format (default csv)' },
  { name: 'out', kind: 'value', placeholder: 'FILE', help: 'write here instead of standard output' },
  { name: 'help', kind: 'flag', help: 'show this help' },
];

function readInput(path: string): Uint8Array {
  try {
    return path === '-' ? readFileSync(0) : readFileSync(path);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new StatsUsageError(`cannot read input file '${path}' (${reason})`);
  }
}

function runMethod(method: StatsMethod, args: string[]): number {
  const parsed = parseArgs(args, [...method.options, ...sharedOptions]);
  const options = new Options(parsed);
  if (options.flag('help')) {
    console.log(methodUsage(method, sharedOptions));
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    throw new StatsUsageError(
      parsed.positionals.length === 0
        ? 'missing the input CSV file (use - for standard input)'
        : `expected one input file, got ${parsed.positionals.map((p) => `'${p}'`).join(' ')}`,
    );
  }
  const format = options.choice('format', ['csv', 'json'] as const, 'csv');
  const out = options.string('out');
  const table = new InputTable(readCsvBytes(readInput(parsed.positionals[0]!)));
  const result = method.run(table, options);
  checkColumnClash(result);
  writeOutput(format === 'json' ? renderJson(result) : renderCsv(result), out);
  return 0;
}

export async function stats(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? console.error : console.log)(statsUsage());
    return name === undefined ? 2 : 0;
  }
  const method = methods.find((m) => m.name === name);
  if (!method) {
    console.error(`fairview stats: unknown method '${name}'\n\n${statsUsage()}`);
    return 2;
  }
  try {
    return runMethod(method, rest);
  } catch (error) {
    if (error instanceof StatsUsageError) {
      console.error(`fairview stats ${name}: ${error.message}\n\n${methodUsage(method, sharedOptions)}`);
      return error.exitCode;
    }
    if (error instanceof StatsDataError) {
      console.error(`fairview stats ${name}: ${describeDataError(error)}`);
      return error.exitCode;
    }
    throw error;
  }
}
