/** A practice beside its peer group: its latest value on each indicator with each peer's. */
import type { DisclosureControl } from '../../app/benchmarking/disclosure.ts';
import { peersNamedIn, resultsOfPractices } from '../../app/benchmarking/page-queries.ts';
import { practicePeers, releaseIndicatorList } from '../../app/benchmarking/queries.ts';
import type { Db, Organisation, Release, Result } from '../../app/db.ts';
import { peerDisplayContext } from '../../app/releases/peer-review-groups.ts';
import { peerDisplayName } from '../../domain/openness/peer-display-name.ts';
import { peerComparison } from './comparison.ts';
import { practiceCounts, publishedResult } from './disclose.ts';
import {
  disclosureView,
  headlineView,
  indicatorView,
  organisationView,
  patternsFor,
  releaseView,
} from './view-parts.ts';
import type { PeersView } from './views.ts';

export async function loadPeers(
  db: Db,
  release: Release,
  practice: Organisation,
  subIcbCode: string | null,
  /** The signed-in viewer's own practices: peers sharing a peer review group with one are named. */
  viewerPractices: readonly string[] = [],
  control: DisclosureControl | null = null,
  /** The viewer may see every peer by name (policy: view_peer_names on the practice's sub-ICB). */
  entitledToNames = false,
): Promise<PeersView> {
  const group = await practicePeers(db, release.id, practice.code);
  const named = await peersNamedIn(db, subIcbCode);
  const peers = group?.peers ?? [];
  // Members of a shared peer review group see each other by name (src/domain/openness).
  const display = await peerDisplayContext(db, subIcbCode, [...viewerPractices, ...peers.map((p) => p.code)]);
  const indicators = await releaseIndicatorList(db, release.id);
  const results = await resultsOfPractices(db, release, [practice.code, ...peers.map((p) => p.code)]);
  const byKey = new Map(results.map((r) => [`${r.indicator_id}|${r.period}|${r.area_code}`, r]));
  const latest = indicators.flatMap((i) => {
    const own = results
      .filter((r) => r.indicator_id === i.id && r.area_code === practice.code)
      .sort((a, b) => a.period.localeCompare(b.period))
      .at(-1);
    return own ? [{ indicator: i, own }] : [];
  });
  const pattern = await patternsFor(
    db,
    release,
    control,
    latest.map((l) => ({ indicatorId: l.indicator.id, period: l.own.period })),
  );
  const rows: PeersView['rows'] = latest.map(({ indicator: i, own }) => {
    const d = pattern ? pattern(i.id, own.period) : null;
    const countsOf = (r: Result) => practiceCounts(d, r.area_code, r.numerator, r.denominator);
    const shownOf = (r: Result | undefined): boolean => !r || countsOf(r).derivedShown;
    const peerValue = (r: Result | undefined): number | null =>
      r ? publishedResult(r, countsOf(r), i).value : null;
    const ownPublished = publishedResult(own, countsOf(own), i);
    const peerRows = peers.map((p) => byKey.get(`${i.id}|${own.period}|${p.code}`));
    const peerShown = peerRows.map(shownOf);
    const ownShown = shownOf(own);
    // The peer group's pooled value is their total: with a peer's figure suppressed, it would give that
    // figure back from the others (shown here and on the indicator page).
    const poolShown = peerShown.every(Boolean);
    return {
      indicator: indicatorView(i),
      period: own.period,
      value: ownShown ? ownPublished.value : null,
      peerGroupValue: poolShown ? ownPublished.peer_value : null,
      comparison: peerComparison(own),
      flag: headlineView(own, i, practiceCounts(d, own.area_code, own.numerator, own.denominator)),
      peerValues: peerRows.map((r, k) => (peerShown[k] ? peerValue(r) : null)),
      suppressed: {
        value: !ownShown,
        peerGroupValue: !poolShown,
        peers: peerShown.map((s) => !s),
      },
    };
  });
  return {
    release: releaseView(release),
    disclosure: disclosureView(control),
    practice: organisationView(practice),
    named,
    explanation: group?.explanation ?? null,
    peers: peers.map((p) => {
      const shown = peerDisplayName({ practiceCodes: viewerPractices, entitledToNames }, p, display);
      return { label: shown.label, code: shown.code, rank: p.rank, distance: p.distance };
    }),
    rows,
  };
}
