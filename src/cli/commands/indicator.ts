/**
 * `fairview indicator list | add-template <file> | add-expression …`: the analyst's way to add local
 * indicators (docs/indicators.md). The next `fairview recompute` computes them like any other.
 */

import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { systemClock } from '../../app/clock.ts';
import {
  currentIndicators,
  IndicatorDefinitionError,
  type SavedIndicator,
} from '../../app/indicators/catalogue.ts';
import { saveExpressionIndicator } from '../../app/indicators/expression-indicator.ts';
import { importIndicatorTemplate } from '../../app/indicators/import-template.ts';
import { TemplateError } from '../../app/indicators/template-reader.ts';
import {
  COMPUTABLE_TYPES,
  type IndicatorType,
  PERIOD_TYPES,
  type PeriodType,
  POLARITIES,
  type Polarity,
} from '../../domain/indicators/definition.ts';
import { ExpressionError } from '../../domain/indicators/expression.ts';
import { DataDirInUseError, runningServerUrl } from '../../store/data-dir-lock.ts';
import { openStore } from '../../store/database.ts';

const USAGE = `usage: fairview indicator list
       fairview indicator add-template <file.csv> [--as USER]
       fairview indicator add-expression --code C --name N --numerator EXPR --denominator EXPR
              --type proportion|rate --multiplier M --polarity P --period-type T [--domain D] [--as USER]

add-template   adds or revises the indicators in a Fairview indicator template (definition and values)
add-expression defines an indicator as sums of imported fact series, e.g.
               --numerator 'qof_prevalence.register[CHD] + qof_prevalence.register[STIA]' --denominator list_size
polarity: ${POLARITIES.join(', ')}; period type: ${PERIOD_TYPES.join(', ')}
A changed definition becomes a new version; releases keep the version they used.`;

/** Errors an analyst can fix: print them plainly, exit 1. */
const INPUT_ERRORS = [TemplateError, ExpressionError, IndicatorDefinitionError];

export async function indicator(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h') {
    console.log(USAGE);
    return sub ? 0 : 2;
  }
  if (!['list', 'add-template', 'add-expression'].includes(sub)) {
    console.error(`fairview indicator: unknown subcommand '${sub}'\n\n${USAGE}`);
    return 2;
  }
  let options: ReturnType<typeof parse>;
  try {
    options = parse(rest);
  } catch (error) {
    console.error(`fairview indicator: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore();
  } catch (error) {
    // A running server holds the PGlite folder: a list can still be read from its API.
    const url = error instanceof DataDirInUseError ? await runningServerUrl(error.dataDir) : null;
    if (sub === 'list' && url) return listFrom(url);
    throw error;
  }
  try {
    if (sub === 'list') return await list(store);
    const actor = options.values.as ?? defaultActor();
    if (sub === 'add-template') {
      const [file, ...extra] = options.positionals;
      if (!file || extra.length > 0) {
        console.error(`fairview indicator add-template: give exactly one file\n\n${USAGE}`);
        return 2;
      }
      const result = await importIndicatorTemplate(store, file, actor, systemClock());
      if (!result.imported) console.log(`${file}: already imported (same checksum); nothing changed.`);
      else {
        for (const saved of result.indicators) console.log(describe(saved));
        console.log(`${result.valuesWritten} values written. Run \`fairview recompute\` to compute them.`);
      }
      return 0;
    }
    const input = expressionInput(options.values);
    if (typeof input === 'string') {
      console.error(`fairview indicator add-expression: ${input}\n\n${USAGE}`);
      return 2;
    }
    console.log(describe(await saveExpressionIndicator(store, input, actor, systemClock())));
    return 0;
  } catch (error) {
    if (INPUT_ERRORS.some((kind) => error instanceof kind)) {
      console.error(`fairview indicator: ${(error as Error).message}`);
      if (error instanceof TemplateError)
        for (const e of error.errors.slice(1)) console.error(`  ${e.message}`);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

const line = (i: { code: string; version: number; type: string; polarity: string; name: string }) =>
  `${i.code.padEnd(16)} v${i.version}  ${i.type.padEnd(10)} ${i.polarity.padEnd(16)} ${i.name}`;

async function list(store: Awaited<ReturnType<typeof openStore>>): Promise<number> {
  for (const i of await currentIndicators(store.db)) console.log(line(i));
  return 0;
}

/** The same list read from the running server's catalogue API (/api/indicators). */
async function listFrom(url: string): Promise<number> {
  const res = await fetch(new URL('/api/indicators', url));
  if (!res.ok) {
    console.error(`fairview indicator list: the running server at ${url} answered ${res.status}`);
    return 1;
  }
  const body = (await res.json()) as {
    indicators: { code: string; name: string; type: string; polarity: string; versions: unknown[] }[];
  };
  for (const i of body.indicators) console.log(line({ ...i, version: i.versions.length }));
  return 0;
}

function describe(saved: SavedIndicator): string {
  const { code, version, name } = saved.indicator;
  return `${code} version ${version} (${name}): ${saved.created ? 'saved' : 'unchanged'}`;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      code: { type: 'string' },
      name: { type: 'string' },
      numerator: { type: 'string' },
      denominator: { type: 'string' },
      type: { type: 'string' },
      multiplier: { type: 'string' },
      polarity: { type: 'string' },
      'period-type': { type: 'string' },
      domain: { type: 'string' },
      as: { type: 'string' },
    },
  });
}

/** The expression indicator the options describe, or what is wrong with them. */
function expressionInput(v: ReturnType<typeof parse>['values']) {
  const { code, name, numerator, denominator } = v;
  if (!code || !name || !numerator || !denominator)
    return '--code, --name, --numerator and --denominator are required';
  const type = v.type ?? 'proportion';
  if (!COMPUTABLE_TYPES.includes(type as IndicatorType))
    return `--type must be one of ${COMPUTABLE_TYPES.join(', ')}`;
  const multiplier = Number(v.multiplier ?? (type === 'proportion' ? '100' : '100000'));
  if (!(multiplier > 0)) return '--multiplier must be a number greater than 0';
  const polarity = v.polarity ?? 'no_judgement';
  if (!POLARITIES.includes(polarity as Polarity)) return `--polarity must be one of ${POLARITIES.join(', ')}`;
  const periodType = v['period-type'] ?? 'financial_year';
  if (!PERIOD_TYPES.includes(periodType as PeriodType))
    return `--period-type must be one of ${PERIOD_TYPES.join(', ')}`;
  return {
    code,
    name,
    numerator,
    denominator,
    type: type as IndicatorType,
    multiplier,
    polarity: polarity as Polarity,
    periodType: periodType as PeriodType,
    ...(v.domain === undefined ? {} : { domain: v.domain }),
  };
}

function defaultActor(): string {
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}
