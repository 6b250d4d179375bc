/**
 * Peer groups (issue 4): each practice's N most similar practices nationally by standardised Euclidean
 * distance on list size, age structure, deprivation and rurality, and the plain-English reasons.
 * Method notes for analysts and GPs: docs/casemix-and-peers.md.
 */
export type { Closeness, PeerAspect, PeerExplanation, PeerReason } from './explain.ts';
export { explainPeers } from './explain.ts';
export type { PeerFeature, PeerFeatureKey, PeerFeatureSpace, PeerWeights } from './feature-space.ts';
export { compareCodes, PEER_FEATURES, peerFeatureSpace } from './feature-space.ts';
export type { FindPeersOptions, PeerGroup, PeerMatch } from './find-peers.ts';
export { findPeers } from './find-peers.ts';
export type { PracticeProfile, ProfileSources } from './profile.ts';
export { parseRurality, practiceProfile } from './profile.ts';
