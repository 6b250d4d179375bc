/**
 * The `fairview` command: a thin dispatcher. Each subcommand lives in its own file under
 * `commands/` and is loaded only when asked for, so `fairview stats` does not pay for the web server.
 */
import { DataDirInUseError } from '../store/data-dir-lock.ts';

export type Command = (args: string[]) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  serve: {
    summary: 'start the web server (--demo imports the bundled NHS data on first start)',
    load: async () => (await import('./commands/serve.ts')).serve,
  },
  import: {
    summary: 'import NHS data files or folders into the store',
    load: async () => (await import('./commands/import.ts')).importFiles,
  },
  recompute: {
    summary: 'compute a release: every indicator, practice, period and area (--release NAME, --publish)',
    load: async () => (await import('./commands/recompute.ts')).recomputeCommand,
  },
  indicator: {
    summary: 'list indicators; add local ones from a template CSV or as an expression of facts',
    load: async () => (await import('./commands/indicator.ts')).indicator,
  },
  prescribing: {
    summary: 'prescribing measures: list them, England deciles per month, savings (docs/prescribing.md)',
    load: async () => (await import('./commands/prescribing.ts')).prescribing,
  },
  scheme: {
    summary: 'validate an incentive scheme or calculate its payment statements (docs/schemes.md)',
    load: async () => (await import('./commands/scheme.ts')).scheme,
  },
  stats: {
    summary: 'run a statistical method on a CSV file (see README, "For analysts")',
    load: async () => (await import('./commands/stats.ts')).stats,
  },
  user: {
    summary: 'add, list or disable user accounts',
    load: async () => (await import('./commands/user.ts')).user,
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ['usage: fairview <command> [options]', '', 'commands:', ...lines].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`fairview: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load())(rest);
  } catch (error) {
    // Expected conditions are told in a line; anything else keeps its stack for a bug report.
    if (error instanceof DataDirInUseError) {
      console.error(`fairview ${name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
