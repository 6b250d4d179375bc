/**
 * The server rehearses a signed-in viewer's first indicator page before it says it is ready (issue 15:
 * ≤ 300 ms for the first request after a start, signed in or not).
 *
 * Her first request after a start took ~100–150 ms longer than her first request of a second
 * indicator. Part of that was code running for the first time in the process (V8 interprets a function
 * until it has run often enough to be compiled; fitting the funnels and drawing the page loop over
 * 6,000 practices), part the disclosure patterns read beside her request (now read before ready too).
 * So the server makes a practice manager's England-wide view of the latest published release's first
 * large indicator, as hers is made (the visitors' view with her practice opened, the funnels fitted
 * again), draws its page, and keeps nothing: the view is not stored in the viewers' views nor in the
 * database, and the drawings kept with it go when it does. It does so for three practices: after one,
 * V8 was still compiling the page's loops during her request. Measured on the PostgreSQL demo: her
 * first request 348–405 ms after one rehearsal, 189–245 ms after three, for ~0.4 s more before ready
 * (docs/decisions.md, "The first request after a start").
 */
import { findReleaseForPages, releaseIndicatorList } from '../../app/benchmarking/queries.ts';
import type { Db } from '../../app/db.ts';
import type { DisclosureRule } from '../../domain/disclosure/index.ts';
import { indicatorPageBytes } from '../pages/benchmarking/indicator.ts';
import { keptVisitorView } from './load-indicator.ts';
import { openedView } from './opened-view.ts';

/** A page this large runs every loop of her page's code often enough for V8 to compile it. */
const LARGE_PAGE = 1_000;

/** How many practices' pages are rehearsed (tests). */
export const REHEARSALS = 3;

/**
 * Rehearses the page; how many bytes it drew (0 when no large visitors' view of the latest published
 * release is kept: after an import by another process, the views are made again after ready).
 */
export async function rehearseViewerPage(
  db: Db,
  rule: DisclosureRule,
  options: { largePage?: number } = {},
): Promise<number> {
  const largePage = options.largePage ?? LARGE_PAGE;
  const release = await findReleaseForPages(db);
  if (release?.status !== 'published') return 0;
  // The first indicator (in code order) whose kept England-wide page is large: a small local indicator
  // would leave most of the code cold. Only kept views are read, so nothing is made before ready.
  for (const indicator of await releaseIndicatorList(db, release.id)) {
    const visitors = await keptVisitorView(db, release, indicator.code, rule);
    if (!visitors || visitors.practices.length < largePage) continue;
    const practices = visitors.practices.filter((p) => p.numerator !== null).map((p) => p.code);
    let bytes = 0;
    // Her view as it is made from the visitors' (load-indicator.ts, madeForViewer), kept nowhere, for
    // a few practices (one run leaves V8 still compiling the page's loops).
    for (const practice of practices.slice(0, REHEARSALS)) {
      const view = await openedView(db, release, visitors, {
        rule,
        open: new Set([practice]),
        withhold: false,
      });
      bytes += view ? indicatorPageBytes(null, view, []).length : 0;
    }
    return bytes;
  }
  return 0;
}
