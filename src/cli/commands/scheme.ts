/**
 * `fairview scheme validate <file>…` and `fairview scheme calculate <file> [--release R] …`
 * (docs/schemes.md): check definitions with every problem's path; calculate payment statements from
 * a release, from imported QOF achievement or from an inputs file, store them reproducibly and write
 * them as CSV.
 */

import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { systemClock } from '../../app/clock.ts';
import {
  type CalculateOutcome,
  CalculationMismatchError,
  calculateAndStore,
  calculateWithChecksums,
  findReleaseByName,
  type InputsSourceKind,
  inputsFromAchievement,
  inputsFromRelease,
  readInputsFile,
  readParticipantsFile,
  readSchemeFile,
  SchemeInputsError,
  SchemeVersionConflictError,
  withCommissionerLists,
} from '../../app/schemes/index.ts';
import { formatPounds, formatRate } from '../../domain/money.ts';
import { describeProblem } from '../../domain/schemes/checker.ts';
import type { SchemeDefinition } from '../../domain/schemes/definition.ts';
import type { SchemeInputs } from '../../domain/schemes/inputs.ts';
import type { SchemeCalculation } from '../../domain/schemes/statement.ts';
import { openStore, type Store } from '../../store/database.ts';

const USAGE = `usage: fairview scheme validate <definition.json>…
       fairview scheme calculate <definition.json> [--release NAME] [--period P] [--baseline-period P]
                                 [--participants FILE.csv] [--inputs FILE.json] [--out statements.csv]
                                 [--scope ORG]
                                 [--dry-run] [--as USER]

validate    checks each definition and lists every problem with its place in the file.
calculate   calculates a payment statement for every practice (or commissioner) and stores it with a
            checksum; the same definition from the same inputs always gives identical statements.

Inputs (one of):
  --release NAME       practice results of a release (QOF-style and local schemes)
  (none)               QOF-style schemes: the imported QOF achievement files of the scheme's year
  --inputs FILE.json   counts given in a file (the only source for a quality premium)
Options:
  --period P           the period to pay for (default: the scheme's year)
  --baseline-period P  local schemes: the baseline period (default: the year before)
  --participants FILE  local schemes: CSV practice_code, consented_on, joined_on, left_on
  --scope ORG          only the practices of ORG (e.g. 16C) open at the period's end, with their lists
                       as of that day (the "as of" rule, docs/schemes.md)
                       (without it every practice is assumed to take part all year)
  --out FILE           write the statements as CSV (- for standard output)
  --dry-run            calculate and write --out, but store nothing
  --as USER            who is calculating (recorded; default: your login name)

Exit status: 0 done, 1 an invalid definition or inputs, 2 a usage mistake.`;

export async function scheme(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action === '--help' || action === '-h' || action === 'help') {
    console.log(USAGE);
    return action === undefined ? 2 : 0;
  }
  if (action === 'validate') return validate(rest);
  if (action === 'calculate') return calculate(rest);
  console.error(`fairview scheme: unknown action '${action}' (validate or calculate)\n\n${USAGE}`);
  return 2;
}

async function validate(files: string[]): Promise<number> {
  if (files.length === 0) {
    console.error(`fairview scheme validate: name at least one definition file\n\n${USAGE}`);
    return 2;
  }
  let failed = false;
  for (const file of files) {
    const result = await readSchemeFile(file);
    if (result.ok) console.log(`${file}: valid — ${describeScheme(result.scheme)}`);
    else {
      failed = true;
      for (const problem of result.problems) console.log(`${file}: ${describeProblem(problem)}`);
    }
  }
  return failed ? 1 : 0;
}

function describeScheme(s: SchemeDefinition): string {
  const head = `${s.kind} scheme ${s.id} version ${s.version} for ${s.year}`;
  if (s.kind === 'qof') {
    const points = s.indicators.reduce((sum, i) => sum + i.points, 0);
    return `${head}: ${s.indicators.length} indicators, ${points} points, ${formatRate(s.poundsPerPoint)} a point`;
  }
  if (s.kind === 'quality_premium') {
    return `${head}: ${s.measures.length} measures, ${s.gateways.length} gateways, ${s.reductions.length} reductions, up to ${formatRate(s.capPerPatient)} per patient`;
  }
  return `${head}: ${s.indicators.length} indicators, ${s.startsOn} to ${s.endsOn}`;
}

function parseCalculate(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      release: { type: 'string' },
      period: { type: 'string' },
      'baseline-period': { type: 'string' },
      participants: { type: 'string' },
      scope: { type: 'string' },
      inputs: { type: 'string' },
      out: { type: 'string' },
      'dry-run': { type: 'boolean' },
      as: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function calculate(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCalculate>;
  try {
    parsed = parseCalculate(args);
  } catch (error) {
    console.error(
      `fairview scheme calculate: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`,
    );
    return 2;
  }
  const o = parsed.values;
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    console.error(`fairview scheme calculate: name exactly one definition file\n\n${USAGE}`);
    return 2;
  }
  if (o.release !== undefined && o.inputs !== undefined) {
    console.error(`fairview scheme calculate: give --release or --inputs, not both\n\n${USAGE}`);
    return 2;
  }
  const file = parsed.positionals[0]!;
  const read = await readSchemeFile(file);
  if (!read.ok) {
    for (const problem of read.problems) console.error(`${file}: ${describeProblem(problem)}`);
    return 1;
  }
  const definition = read.scheme;
  const needsStore = o.inputs === undefined || !o['dry-run'];
  let store: Store | null = null;
  try {
    if (needsStore) store = await openStore();
    const { inputs, sourceKind, releaseId } = await gatherInputs(store, definition, o);
    const actor = o.as ?? defaultActor();
    let outcome: Pick<CalculateOutcome, 'result' | 'csv' | 'checksum'> & Partial<CalculateOutcome>;
    if (o['dry-run']) outcome = calculateWithChecksums(definition, inputs);
    else
      outcome = await calculateAndStore(store!, {
        scheme: definition,
        inputs,
        sourceKind,
        releaseId,
        actor,
        now: systemClock(),
      });
    if (o.out === '-') process.stdout.write(outcome.csv);
    else if (o.out !== undefined) await writeFile(o.out, outcome.csv);
    const say = o.out === '-' ? (line: string) => console.error(line) : (line: string) => console.log(line);
    say(summary(definition, outcome.result, outcome.checksum, outcome, o.out));
    return 0;
  } catch (error) {
    if (
      error instanceof SchemeInputsError ||
      error instanceof SchemeVersionConflictError ||
      error instanceof CalculationMismatchError
    ) {
      console.error(`fairview scheme calculate: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await store?.close();
  }
}

async function gatherInputs(
  store: Store | null,
  definition: SchemeDefinition,
  o: ReturnType<typeof parseCalculate>['values'],
): Promise<{ inputs: SchemeInputs; sourceKind: InputsSourceKind; releaseId: number | null }> {
  if (o.inputs !== undefined) {
    const inputs = await readInputsFile(o.inputs);
    // With a database, each commissioner's list is traced to the dated extracts it holds (issue 14).
    return {
      inputs: store ? await withCommissionerLists(store.db, inputs) : inputs,
      sourceKind: 'inputs_file',
      releaseId: null,
    };
  }
  const db = store!.db;
  if (o.release !== undefined) {
    const release = await findReleaseByName(db, o.release);
    const participants = o.participants === undefined ? null : await readParticipantsFile(o.participants);
    const inputs = await inputsFromRelease(db, definition, release, {
      ...(o.period === undefined ? {} : { period: o.period }),
      ...(o['baseline-period'] === undefined ? {} : { baselinePeriod: o['baseline-period'] }),
      participants,
      scope: o.scope ?? null,
    });
    return { inputs, sourceKind: 'release', releaseId: release.id };
  }
  if (definition.kind !== 'qof') {
    throw new SchemeInputsError(
      definition.kind === 'quality_premium'
        ? 'a quality premium needs --inputs FILE.json with each commissioner’s measures, gateways and standards'
        : 'a local scheme needs --release NAME (or --inputs FILE.json)',
    );
  }
  return {
    inputs: await inputsFromAchievement(db, definition, o.period ?? definition.year, o.scope ?? null),
    sourceKind: 'qof_achievement',
    releaseId: null,
  };
}

function summary(
  definition: SchemeDefinition,
  result: SchemeCalculation,
  checksum: string,
  stored: Partial<CalculateOutcome>,
  out: string | undefined,
): string {
  const lines = result.statements.reduce((n, s) => n + s.lines.length, 0);
  const text = [
    `calculated ${definition.id} version ${definition.version} for ${result.period} from ${result.source}`,
    `  ${result.statements.length} statements, ${lines} lines, total ${formatPounds(result.totalAmount)}`,
    `  statements checksum ${checksum}`,
  ];
  for (const b of result.basis) text.push(`  basis: ${b}`);
  if (stored.calculation) {
    text.push(
      stored.status === 'reproduced'
        ? `  reproduced calculation ${stored.calculation.id} exactly: nothing new stored`
        : `  stored as calculation ${stored.calculation.id}${stored.schemeVersionCreated ? ' (new scheme version recorded)' : ''}`,
    );
  } else text.push('  dry run: nothing stored');
  if (out !== undefined && out !== '-') text.push(`  statements written to ${out}`);
  return text.join('\n');
}

function defaultActor(): string {
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}
