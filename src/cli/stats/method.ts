/** The shape every `fairview stats <method>` adapter has: its options, and a run over the input table. */
import type { InputTable } from './input-table.ts';
import type { OptionSpec, Options } from './options.ts';
import type { StatsResult } from './result-table.ts';

export interface StatsMethod {
  name: string;
  /** One line for the method list. */
  summary: string;
  /** Method-specific options (the shared --format, --out and --help are added by the command). */
  options: OptionSpec[];
  /** Lines of explanation printed under the options by `fairview stats <method> --help`. */
  notes: string[];
  run(table: InputTable, options: Options): StatsResult;
}

/** Option specs shared by several methods, so their help text reads the same everywhere. */
export const column = (name: string, help: string): OptionSpec => ({
  name,
  kind: 'value',
  placeholder: 'C',
  help,
});

export const groupByOption: OptionSpec = {
  name: 'group-by',
  kind: 'value',
  placeholder: 'a,b',
  help: 'one output row per group of these columns (sums within groups)',
};

export const confidenceOption: OptionSpec = {
  name: 'confidence',
  kind: 'value',
  placeholder: '95|99.8|95,99.8|none',
  help: 'limit columns to write (default 95,99.8)',
};

export const multiplierOption = (fallback: string): OptionSpec => ({
  name: 'multiplier',
  kind: 'value',
  placeholder: 'M',
  help: `scale values and limits (default ${fallback})`,
});
