/**
 * How one practice appears to someone looking at its peers. Practices in a peer review group agreed to
 * share identified data with each other, so inside a group members see each other by name; outside,
 * peers are pseudonymised ("Peer 3") unless the sub-ICB location publishes peers by name (its
 * data-sharing setting, migration 005). A viewer the policy entitles to names (view_peer_names: the
 * sub-ICB location's own commissioning analysts and managers, who chose the peers) sees every peer named.
 */
export interface PeerViewer {
  /** The practices the viewer is looking from (a practice's own page: that practice). */
  readonly practiceCodes: readonly string[];
  /** True when the policy lets this viewer see every peer by name (view_peer_names on the sub-ICB). */
  readonly entitledToNames?: boolean;
}

export interface PeerPractice {
  readonly code: string;
  readonly name: string | null;
  /** Position in the viewer's peer list, used for the pseudonym. */
  readonly rank: number;
}

export interface PeerDisplayContext {
  /** The sub-ICB location's data-sharing setting: true when peers are published by name. */
  readonly subIcbPublishesNames: boolean;
  /** Peer review group ids of each practice (missing: in no group). */
  readonly groupsOf: ReadonlyMap<string, readonly number[]>;
}

export interface PeerDisplay {
  readonly label: string;
  /** Null when pseudonymised: the code would identify the practice. */
  readonly code: string | null;
  readonly named: boolean;
}

export function sharesPeerReviewGroup(
  viewer: PeerViewer,
  practiceCode: string,
  context: PeerDisplayContext,
): boolean {
  const theirs = context.groupsOf.get(practiceCode) ?? [];
  if (theirs.length === 0) return false;
  return viewer.practiceCodes.some((own) =>
    (context.groupsOf.get(own) ?? []).some((g) => theirs.includes(g)),
  );
}

export function peerDisplayName(
  viewer: PeerViewer,
  practice: PeerPractice,
  context: PeerDisplayContext,
): PeerDisplay {
  const named =
    viewer.entitledToNames === true ||
    context.subIcbPublishesNames ||
    sharesPeerReviewGroup(viewer, practice.code, context);
  return named
    ? { label: `${practice.name ?? practice.code} (${practice.code})`, code: practice.code, named }
    : { label: `Peer ${practice.rank}`, code: null, named };
}
