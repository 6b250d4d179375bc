/** Help text for `fairview stats --help` and `fairview stats <method> --help`. */
import type { StatsMethod } from './method.ts';
import { methods } from './methods.ts';
import type { OptionSpec } from './options.ts';

export function statsUsage(): string {
  const width = Math.max(...methods.map((m) => m.name.length)) + 2;
  return [
    'usage: fairview stats <method> <input.csv> [options] [--format csv|json] [--out FILE]',
    '',
    'methods:',
    ...methods.map((m) => `  ${m.name.padEnd(width)}${m.summary}`),
    '',
    "Run 'fairview stats <method> --help' for a method's options; docs/analyst.md has worked examples.",
    'Input is UTF-8 CSV with a header row; an empty cell is a missing value. Exit code 1 means bad data',
    '(the message names the data line, 1 = first row after the header, and the column), 2 bad usage.',
  ].join('\n');
}

function optionLeft(o: OptionSpec): string {
  return `--${o.name}${o.kind === 'value' ? ` ${o.placeholder ?? 'X'}` : ''}`;
}

export function methodUsage(method: StatsMethod, shared: readonly OptionSpec[]): string {
  const all = [...method.options, ...shared];
  const width = Math.max(...all.map((o) => optionLeft(o).length)) + 2;
  const optionLine = (o: OptionSpec) => `  ${optionLeft(o).padEnd(width)}${o.help}`;
  return [
    `usage: fairview stats ${method.name} <input.csv> [options]`,
    '',
    method.summary,
    '',
    'options:',
    ...method.options.map(optionLine),
    ...shared.map(optionLine),
    ...(method.notes.length > 0 ? ['', ...method.notes] : []),
  ].join('\n');
}
