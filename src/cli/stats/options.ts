/**
 * Command-line options for `fairview stats`: `--name value`, `--name=value` and bare flags, checked
 * against the options the chosen method accepts, then read through typed getters that turn a bad value
 * into a usage error naming the option.
 */
import { StatsUsageError } from './errors.ts';
import { parseNumberCell } from './number-text.ts';

export interface OptionSpec {
  /** Without the leading dashes, e.g. `numerator`. */
  name: string;
  /** `flag` options take no value (`--no-screen-outliers`). */
  kind: 'value' | 'flag';
  /** Placeholder shown in usage, e.g. `C` for a column. */
  placeholder?: string;
  help: string;
}

export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string>;
  flags: Set<string>;
}

/** Splits arguments into positionals, option values and flags; unknown or repeated options are errors. */
export function parseArgs(args: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const positionals: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw new StatsUsageError(`unknown option '${arg}'`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const spec = byName.get(name);
    if (!spec) throw new StatsUsageError(`unknown option '--${name}'`);
    if (values.has(name) || flags.has(name)) throw new StatsUsageError(`option '--${name}' is given twice`);
    if (spec.kind === 'flag') {
      if (eq >= 0) throw new StatsUsageError(`option '--${name}' takes no value`);
      flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = args[i + 1];
      i++;
    }
    if (value === undefined || value === '') {
      throw new StatsUsageError(
        `option '--${name}' needs a value${spec.placeholder ? ` (${spec.placeholder})` : ''}`,
      );
    }
    values.set(name, value);
  }
  return { positionals, values, flags };
}

/** Typed access to parsed options; every bad value is a usage error that names the option. */
export class Options {
  constructor(private readonly parsed: ParsedArgs) {}

  has(name: string): boolean {
    return this.parsed.values.has(name) || this.parsed.flags.has(name);
  }

  flag(name: string): boolean {
    return this.parsed.flags.has(name);
  }

  string(name: string): string | undefined {
    return this.parsed.values.get(name);
  }

  required(name: string): string {
    const v = this.parsed.values.get(name);
    if (v === undefined) throw new StatsUsageError(`option '--${name}' is required`);
    return v;
  }

  number(name: string, fallback: number): number;
  number(name: string): number | undefined;
  number(name: string, fallback?: number): number | undefined {
    const v = this.parsed.values.get(name);
    if (v === undefined) return fallback;
    const parsed = parseNumberCell(v);
    if (parsed.kind !== 'number') throw new StatsUsageError(`option '--${name}' needs a number, not '${v}'`);
    return parsed.value;
  }

  positiveNumber(name: string, fallback: number): number {
    const x = this.number(name, fallback);
    if (!(x > 0)) throw new StatsUsageError(`option '--${name}' must be greater than zero`);
    return x;
  }

  integer(name: string, fallback: number, min: number): number;
  integer(name: string, fallback: undefined, min: number): number | undefined;
  integer(name: string, fallback: number | undefined, min: number): number | undefined {
    const x = this.number(name);
    if (x === undefined) return fallback;
    if (!Number.isInteger(x) || x < min) {
      throw new StatsUsageError(`option '--${name}' must be a whole number of at least ${min}`);
    }
    return x;
  }

  choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T;
  choice<T extends string>(name: string, allowed: readonly T[]): T | undefined;
  choice<T extends string>(name: string, allowed: readonly T[], fallback?: T): T | undefined {
    const v = this.parsed.values.get(name);
    if (v === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(v)) {
      throw new StatsUsageError(`option '--${name}' must be one of ${allowed.join(', ')}, not '${v}'`);
    }
    return v as T;
  }

  /** A comma-separated list of names (`--group-by region,sex`); empty entries are an error. */
  list(name: string): string[] {
    const v = this.parsed.values.get(name);
    if (v === undefined) return [];
    const items = v.split(',').map((s) => s.trim());
    if (items.some((s) => s === ''))
      throw new StatsUsageError(`option '--${name}' has an empty name in '${v}'`);
    return items;
  }
}

/** The confidence levels an analyst can ask for, in the order their limit columns are written. */
export type ConfidenceLevel = 95 | 99.8;

/** `--confidence 95 | 99.8 | 95,99.8 | none` (default both). */
export function parseConfidence(text: string | undefined): ConfidenceLevel[] {
  switch (text?.replaceAll(' ', '')) {
    case undefined:
    case '95,99.8':
    case '99.8,95':
      return [95, 99.8];
    case '95':
      return [95];
    case '99.8':
      return [99.8];
    case 'none':
      return [];
    default:
      throw new StatsUsageError(`option '--confidence' must be 95, 99.8, 95,99.8 or none, not '${text}'`);
  }
}

/** The library's fraction for a level: 95 → 0.95, 99.8 → 0.998 (written out: 99.8 / 100 is not 0.998). */
export function levelFraction(level: ConfidenceLevel): number {
  return level === 95 ? 0.95 : 0.998;
}

/** `lower_95, upper_95, lower_99_8, upper_99_8` for the requested levels, optionally prefixed. */
export function limitColumns(levels: readonly ConfidenceLevel[], prefix = ''): string[] {
  return levels.flatMap((l) => {
    const tag = l === 95 ? '95' : '99_8';
    return [`${prefix}lower_${tag}`, `${prefix}upper_${tag}`];
  });
}
