// The demo's later release: the SYNTHETIC indicator's later monthly return (synthetic.ts) is
// imported and release "demo-2" is made and published. Only that indicator's inputs changed since
// release "demo", so the recompute is incremental: every other indicator's rows are copied from
// "demo" (seconds to a minute, not the minutes a full release takes). Then the steps after every
// publication (`afterPublication`, src/app/releases/publish.ts): each practice's staff told of its
// flags, and the improvement plans "demo-2" re-measures noted on their concerns. Idempotent: once
// "demo-2" exists nothing is done.
import { join } from 'node:path';
import { recompute } from '../app/compute/recompute.ts';
import { findRelease } from '../app/compute/release-record.ts';
import { importIndicatorTemplate } from '../app/indicators/import-template.ts';
import { type AfterPublicationOutcome, afterPublication } from '../app/releases/publish.ts';
import type { Store } from '../store/database.ts';
import { DEMO_ACTOR } from './demo.ts';
import { DEMO_SYNTHETIC_DIR, DEMO_SYNTHETIC_INDICATOR, DEMO_SYNTHETIC_LATER_FILE } from './synthetic.ts';

/** The demo's first release: every indicator, the synthetic one to September 2024. */
export const DEMO_RELEASE = 'demo';

/** The demo's later release: the synthetic indicator to March 2025, everything else as in "demo". */
export const DEMO_LATER_RELEASE = 'demo-2';

export interface LaterDemoRelease {
  /** 'published' when made now; 'present' when it already existed; 'skipped' without release "demo". */
  status: 'published' | 'present' | 'skipped';
  computed: string[];
  copied: string[];
  /** What the steps after publication did (when published now). */
  afterPublication: AfterPublicationOutcome | null;
  durationMs: number;
}

export async function publishLaterDemoRelease(
  store: Store,
  log: (line: string) => void,
  options: { now: Date; folder?: string },
): Promise<LaterDemoRelease> {
  const started = performance.now();
  const done = (
    status: LaterDemoRelease['status'],
    computed: string[] = [],
    copied: string[] = [],
    after: AfterPublicationOutcome | null = null,
  ): LaterDemoRelease => ({
    status,
    computed,
    copied,
    afterPublication: after,
    durationMs: performance.now() - started,
  });
  if (await findRelease(store.db, DEMO_LATER_RELEASE)) return done('present');
  if (!(await findRelease(store.db, DEMO_RELEASE))) {
    log(`No release "${DEMO_RELEASE}": the later demo release "${DEMO_LATER_RELEASE}" is not made.`);
    return done('skipped');
  }
  const file = join(options.folder ?? DEMO_SYNTHETIC_DIR, DEMO_SYNTHETIC_LATER_FILE);
  const imported = await importIndicatorTemplate(store, file, DEMO_ACTOR, options.now);
  log(
    imported.imported
      ? `Imported the later monthly return of the SYNTHETIC indicator ${DEMO_SYNTHETIC_INDICATOR} (not NHS data): ${imported.valuesWritten.toLocaleString('en-GB')} values.`
      : `The later monthly return of ${DEMO_SYNTHETIC_INDICATOR} was imported before.`,
  );
  log(`Computing release "${DEMO_LATER_RELEASE}" (only indicators whose inputs changed) …`);
  const outcome = await recompute(store, {
    release: DEMO_LATER_RELEASE,
    publish: true,
    actor: DEMO_ACTOR,
    now: options.now,
    onProgress: (event) => {
      if (event.type === 'indicator' && event.period === null)
        log(`  [${event.index + 1}/${event.count}] ${event.code}`);
    },
  });
  const computed = outcome.indicators?.computed ?? [];
  const copied = outcome.indicators?.copied ?? [];
  // As after every publication: practices told of their flags, improvement plans re-measured.
  const after = await afterPublication(store.db, outcome.release, DEMO_ACTOR, { now: options.now });
  const plans = after.plansProgressed;
  log(
    `Release "${DEMO_LATER_RELEASE}" published in ${Math.round((performance.now() - started) / 1000)} s ` +
      `(${computed.length} indicator${computed.length === 1 ? '' : 's'} computed, ${copied.length} unchanged and copied); ` +
      `${after.practicesNotified} practice${after.practicesNotified === 1 ? '' : 's'} told of ${after.practicesNotified === 1 ? 'its' : 'their'} flags, ` +
      `${plans.length === 0 ? 'no improvement plan' : `the improvement plan${plans.length === 1 ? '' : 's'} of concern${plans.length === 1 ? '' : 's'} ${plans.join(', ')}`} re-measured.`,
  );
  return done('published', computed, copied, after);
}
