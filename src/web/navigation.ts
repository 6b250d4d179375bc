/**
 * Which header links a signed-in person gets, decided by the policy: concerns for anyone whose roles
 * can see concerns about some practice (everyone but observers: docs/concerns.md), schemes for those
 * who may view_schemes, peer review groups for those who may see or join one somewhere, notifications
 * for everyone signed in (with the number unread, read with the session: src/app/auth/sessions.ts,
 * at most 100 counted). Releases are published open data and always linked.
 * app.ts puts the result on the Viewer (`navigation`); layout.ts draws it.
 */

import { can, canSomewhere, type PolicyUser } from '../domain/policy.ts';
import type { Role } from '../domain/roles.ts';

export interface Navigation {
  concerns: boolean;
  schemes: boolean;
  /** Peer review groups: for those the policy lets see a group somewhere, or join one for a practice. */
  peerReviewGroups: boolean;
  /** Unread notifications (100 means "100 or more"); null when not counted. */
  unreadNotifications: number | null;
}

/** Roles that see some concerns (src/domain/concerns/authority.ts): all but observers. */
const CONCERN_READERS: readonly Role[] = [
  'commissioning_analyst',
  'commissioning_manager',
  'area_team',
  'lmc_representative',
  'committee_lay',
  'committee_executive',
  'committee_gp',
  'practice_manager',
  'practice_partner',
  'administrator',
];

export function navigationOf(user: PolicyUser, unread: number | null = null): Navigation {
  return {
    concerns: user.roles.some((r) => CONCERN_READERS.includes(r.role)),
    schemes: can(user, 'view_schemes').allowed,
    peerReviewGroups:
      canSomewhere(user, 'view_peer_review_groups') || canSomewhere(user, 'join_peer_review_group'),
    unreadNotifications: unread,
  };
}
