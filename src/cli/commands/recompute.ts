/**
 * `fairview recompute [--release NAME] [--publish] [--full]`: computes a release from the facts and indicator
 * definitions in the store (src/app/compute/recompute.ts). A progress bar on stderr (a plain line per
 * indicator when stderr is not a terminal), then a summary on stdout.
 */

import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { systemClock } from '../../app/clock.ts';
import {
  PublishedReleaseError,
  type RecomputeOutcome,
  type RecomputeProgress,
  ReleaseMismatchError,
  recompute,
} from '../../app/compute/recompute.ts';
import { afterPublication } from '../../app/releases/publish.ts';
import { isUseCaseError } from '../../app/use-case-error.ts';
import { DEFAULT_DISCLOSURE_RULE } from '../../domain/disclosure/index.ts';
import { openStore } from '../../store/database.ts';

const USAGE = `usage: fairview recompute [--release NAME] [--publish] [--full] [--as USER]

Computes every indicator for every practice, period and area into a release (one transaction):
values with 95% and 99.8% limits, comparisons with England, ICB, sub-ICB, PCN and peer group,
funnels, case-mix adjusted comparisons, SPC charts and peer groups.

Without --release, a new release (named by the date) is made only when facts, indicator definitions
or methods changed since the latest release; otherwise nothing is written. With --release NAME: a new
release of that name; if it exists and its inputs are unchanged, it is regenerated and checked to
reproduce its numbers exactly; a draft whose inputs changed is replaced; a published one is refused.
An indicator whose inputs (definition, methods, its facts, the hierarchy, populations, IMD and peer
groups) are unchanged since an earlier release has its rows copied from it rather than computed.

  --release NAME   the release to make, replace or regenerate
  --publish        publish the release (pages show the latest published release), then tell each
                   practice of its flags and note improvement plans it re-measures (once each), and
                   keep what visitors see of each indicator page
  --full           compute every indicator, copying none (same numbers and checksum, slower)
  --as USER        who is recomputing (recorded; default: your login name)
  --help           show this help

Exit status: 0 done, 1 a release did not reproduce or cannot change, 2 a usage mistake.`;

export async function recomputeCommand(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    console.error(
      `fairview recompute: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`,
    );
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (parsed.positionals.length > 0) {
    console.error(`fairview recompute: unexpected argument '${parsed.positionals[0]}'\n\n${USAGE}`);
    return 2;
  }
  const store = await openStore();
  const actor = parsed.values.as ?? defaultActor();
  const progress = process.stderr.isTTY ? new BarProgress() : new LineProgress();
  try {
    const outcome = await recompute(store, {
      actor,
      now: systemClock(),
      ...(parsed.values.release === undefined ? {} : { release: parsed.values.release }),
      publish: parsed.values.publish ?? false,
      full: parsed.values.full ?? false,
      onProgress: (event) => progress.update(event),
    });
    progress.stop();
    console.log(summary(outcome));
    // The same steps as the "Publish" button: each practice told of its flags, every improvement plan
    // the release re-measures noted (idempotent: a release published before tells no one twice).
    if (parsed.values.publish && outcome.release.status === 'published') {
      const after = await afterPublication(store.db, outcome.release, actor, { now: systemClock() });
      console.log(afterSummary(after));
      // What every visitor sees of each indicator page, made and kept at publication (issue 15, point
      // 4), as a server does after its Publish button: a server already running reads them, instead of
      // its first visitor of each indicator making one (~1 s for England). The web layer's loader makes
      // them (the one path that makes a view), loaded only here, as `serve` loads the web app.
      const started = performance.now();
      const { keepLatestVisitorPages } = await import('../../web/benchmarking/warm-pages.ts');
      const kept = await keepLatestVisitorPages(store.db, DEFAULT_DISCLOSURE_RULE);
      console.log(
        `what visitors see of ${kept} indicator page${kept === 1 ? '' : 's'} kept in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    return 0;
  } catch (error) {
    progress.stop();
    if (
      error instanceof ReleaseMismatchError ||
      error instanceof PublishedReleaseError ||
      isUseCaseError(error, 'conflict')
    ) {
      console.error(`fairview recompute: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      release: { type: 'string' },
      publish: { type: 'boolean' },
      full: { type: 'boolean' },
      as: { type: 'string' },
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
  update(event: RecomputeProgress): void;
  stop(): void;
}

/** One bar over the indicators, naming the indicator and period being computed. */
class BarProgress implements Progress {
  private bar: cliProgress.SingleBar | null = null;

  update(event: RecomputeProgress): void {
    if (event.type === 'start') {
      this.bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: `${event.mode === 'verify' ? 'Regenerating' : 'Computing'} |{bar}| {value}/{total} indicators | {what} | ETA {eta_formatted}`,
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(event.indicators, 0, { what: 'loading' });
    } else if (event.type === 'peers') this.bar?.update({ what: 'peer groups' });
    else if (event.type === 'indicator') {
      this.bar?.update(event.index, { what: event.period ? `${event.code} ${event.period}` : event.code });
    } else if (event.type === 'copied') {
      this.bar?.update(event.index, { what: `${event.code} (copied from ${event.from})` });
    } else this.stop();
  }

  stop(): void {
    this.bar?.update(this.bar.getTotal());
    this.bar?.stop();
    this.bar = null;
  }
}

/** A line per indicator (for logs and CI). */
class LineProgress implements Progress {
  private startedAt = performance.now();

  update(event: RecomputeProgress): void {
    const at = `${((performance.now() - this.startedAt) / 1000).toFixed(1)} s`;
    if (event.type === 'start') {
      this.startedAt = performance.now();
      process.stderr.write(
        `${event.mode === 'verify' ? 'regenerating' : 'computing'} ${event.indicators} indicators\n`,
      );
    } else if (event.type === 'peers') process.stderr.write(`${at}  peer groups\n`);
    else if (event.type === 'indicator' && event.period === null) {
      process.stderr.write(`${at}  [${event.index + 1}/${event.count}] ${event.code}\n`);
    } else if (event.type === 'copied') {
      process.stderr.write(
        `${at}  [${event.index + 1}/${event.count}] ${event.code}: unchanged, copied from ${event.from}\n`,
      );
    }
  }

  stop(): void {}
}

function afterSummary(a: { practicesNotified: number; plansProgressed: number[] }): string {
  const practices = `${a.practicesNotified} ${a.practicesNotified === 1 ? 'practice' : 'practices'}`;
  const plans = `${a.plansProgressed.length} improvement ${a.plansProgressed.length === 1 ? 'plan' : 'plans'}`;
  return `  told ${practices} of their flags; ${plans} re-measured`;
}

function summary(o: RecomputeOutcome): string {
  const r = o.release;
  const seconds = `${(o.durationMs / 1000).toFixed(1)} s`;
  const lines: string[] = [];
  if (o.newIndicatorVersions.length > 0)
    lines.push(`new indicator versions: ${o.newIndicatorVersions.join(', ')}`);
  const head = {
    created: `created release ${r.name}`,
    replaced: `replaced draft release ${r.name}`,
    unchanged: `nothing changed since release ${r.name}: nothing written`,
    reproduced: `regenerated release ${r.name}: identical numbers`,
  }[o.status];
  lines.push(`${head} (${r.status}) in ${seconds}`);
  lines.push(`  method ${r.method_version}, checksum ${r.results_checksum}`);
  if (o.rows) {
    const n = (x: number) => x.toLocaleString('en-GB');
    lines.push(
      `  ${n(o.rows.result)} results, ${n(o.rows.funnel_fit)} funnel fits, ${n(o.rows.casemix_fit)} case-mix fits, ` +
        `${n(o.rows.judgment_fit)} judgment fits, ` +
        `${n(o.rows.spc_summary)} SPC charts (${n(o.rows.spc_point)} points), ${n(o.rows.peer_group)} peer groups`,
    );
  }
  if (o.indicators && o.indicators.copied.length > 0) {
    lines.push(
      `  ${o.indicators.computed.length} indicators computed, ${o.indicators.copied.length} unchanged and copied`,
    );
  }
  return lines.join('\n');
}
