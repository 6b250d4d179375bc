/**
 * Prepares in the background what visitors of the latest published release see first: its disclosure
 * patterns (src/app/benchmarking/disclosure.ts) and then the England-wide indicator pages' views,
 * kept in the database (load-indicator.ts, issue 15). Started when the server starts and when a
 * release is published from the web; a release published by `fairview recompute --publish` in another
 * process has each view made at its first visitor's request and kept from then on.
 */
import { warmDisclosureInBackground } from '../../app/benchmarking/disclosure.ts';
import { findReleaseForPages, releaseIndicatorList } from '../../app/benchmarking/queries.ts';
import type { Db } from '../../app/db.ts';
import type { DisclosureRule } from '../../domain/disclosure/index.ts';
import { keepVisitorIndicatorPages } from './load-indicator.ts';
import { viewerControl } from './viewer-control.ts';

/** Makes the visitors' indicator views of the latest published release not kept yet; how many it made. */
export async function keepLatestVisitorPages(db: Db, rule: DisclosureRule): Promise<number> {
  const release = await findReleaseForPages(db);
  if (!release) return 0;
  const control = await viewerControl(db, null, release, rule);
  if (!control) return 0;
  const codes = (await releaseIndicatorList(db, release.id)).map((i) => i.code);
  return keepVisitorIndicatorPages(db, release, control, codes);
}

let keeping: Promise<void> = Promise.resolve();

/**
 * The disclosure patterns after `delayMs`, then the visitors' indicator views, without anyone waiting
 * (requests are served meanwhile). One at a time; a failure is logged, never thrown.
 */
export function warmVisitorPagesInBackground(db: Db, rule: DisclosureRule, delayMs = 1000): void {
  warmDisclosureInBackground(db, rule, delayMs);
  setTimeout(() => void keepVisitorPagesNow(db, rule), delayMs).unref();
}

/**
 * The visitors' indicator views of the latest published release not kept yet, made now, after any
 * keeping already under way (one at a time); a failure is logged, never thrown.
 */
export function keepVisitorPagesNow(db: Db, rule: DisclosureRule): Promise<void> {
  keeping = keeping.then(async () => {
    const started = performance.now();
    try {
      const made = await keepLatestVisitorPages(db, rule);
      if (made > 0)
        console.log(
          `indicator pages: ${made} visitors' views of the latest published release kept in ${Math.round(performance.now() - started)} ms`,
        );
    } catch (error) {
      console.error(
        `indicator pages: the visitors' views were not prepared in advance (${error instanceof Error ? error.message : String(error)}); each is made at its first request`,
      );
    }
  });
  return keeping;
}
