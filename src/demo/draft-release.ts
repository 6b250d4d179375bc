// The demo's draft release (issue 17, docs/openness.md): after "demo-2" is published, release
// "demo-3" is computed and left a DRAFT under embargo (nothing changed since "demo-2", so every
// indicator's rows are copied: seconds). The demo practice (A81001, The Densham Surgery) has raised one
// pre-publication data query on its SYNTHETIC indicator figure, open for the sub-ICB location's
// commissioners to answer; the practice may raise more on /releases/demo-3/queries. Publishing is
// refused while the query is open, unless a commissioning manager overrides with a reason.
// Idempotent: once "demo-3" exists nothing is done.
import { recompute } from '../app/compute/recompute.ts';
import { findRelease } from '../app/compute/release-record.ts';
import { raiseDataQuery } from '../app/releases/data-queries.ts';
import { practiceFigures } from '../app/releases/embargo.ts';
import type { Store } from '../store/database.ts';
import { DEMO_ACTOR } from './demo.ts';
import { DEMO_LATER_RELEASE } from './later-release.ts';
import { DEMO_SYNTHETIC_INDICATOR } from './synthetic.ts';
import { demoUsername } from './users.ts';

/** The demo's draft release, under embargo with an open data query. */
export const DEMO_DRAFT_RELEASE = 'demo-3';

export interface DraftDemoRelease {
  status: 'drafted' | 'present' | 'skipped';
  /** The open data query raised (when drafted now and the practice has figures in it). */
  queryId: number | null;
}

export async function seedDraftDemoRelease(
  store: Store,
  log: (line: string) => void,
  options: {
    now: Date;
    /** The release it follows (default "demo-2"). */
    after?: string;
    /** The practice raising the query (default the demo practice, A81001). */
    practice?: string;
    /** The indicator queried when the practice has a figure of it (default the SYNTHETIC one). */
    indicator?: string;
  },
): Promise<DraftDemoRelease> {
  if (await findRelease(store.db, DEMO_DRAFT_RELEASE)) return { status: 'present', queryId: null };
  const after = options.after ?? DEMO_LATER_RELEASE;
  if (!(await findRelease(store.db, after))) {
    log(`No release "${after}": the draft demo release "${DEMO_DRAFT_RELEASE}" is not made.`);
    return { status: 'skipped', queryId: null };
  }
  log(`Computing the draft release "${DEMO_DRAFT_RELEASE}" (embargoed, not published) …`);
  const outcome = await recompute(store, {
    release: DEMO_DRAFT_RELEASE,
    publish: false,
    actor: DEMO_ACTOR,
    now: options.now,
  });
  const practice = options.practice ?? 'A81001';
  const figures = await practiceFigures(store.db, outcome.release.id, practice);
  const wanted = options.indicator ?? DEMO_SYNTHETIC_INDICATOR;
  const figure = figures.find((f) => f.indicatorCode === wanted) ?? figures[0];
  if (!figure) {
    log(`Draft release "${DEMO_DRAFT_RELEASE}" made; ${practice} has no figure in it, so no data query.`);
    return { status: 'drafted', queryId: null };
  }
  const query = await raiseDataQuery(
    store.db,
    {
      username: demoUsername('practice_manager'),
      roles: [{ role: 'practice_manager', organisationCode: practice }],
    },
    {
      releaseName: DEMO_DRAFT_RELEASE,
      practiceCode: practice,
      indicatorId: figure.indicatorId,
      period: figure.period,
      question:
        'Our clinical system shows fewer missed appointments this month than this figure: we think two ' +
        'clinics cancelled by the practice were counted as patients not attending. (SYNTHETIC demo query)',
    },
    { now: options.now },
  );
  log(
    `Draft release "${DEMO_DRAFT_RELEASE}" made under embargo; ${practice} raised data query ${query.id} on ` +
      `${figure.indicatorCode} ${figure.period}, open for the commissioners to answer.`,
  );
  return { status: 'drafted', queryId: query.id };
}
