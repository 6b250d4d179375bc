/**
 * A performance concern's workflow: its states, the steps between them and which step may follow which.
 * Pure: the use cases (src/app/concerns/) ask `nextState` before writing anything, so an illegal step
 * is refused in one place, the same for the web, the CLI and the tests.
 */

export const CONCERN_TYPES = ['practice_performance', 'contract_matter', 'individual_performer'] as const;
export type ConcernType = (typeof CONCERN_TYPES)[number];

export const CONCERN_TYPE_LABELS: Record<ConcernType, string> = {
  practice_performance: 'Practice performance',
  contract_matter: 'Contract matter',
  individual_performer: 'Concern about an individual performer',
};

/** Where a concern came from: a flag in a release (its data pack frozen), or raised by hand with a reason. */
export const CONCERN_SOURCES = ['funnel_outlier', 'spc_special_cause', 'comparison', 'by_hand'] as const;
export type ConcernSource = (typeof CONCERN_SOURCES)[number];

export const SOURCE_LABELS: Record<ConcernSource, string> = {
  funnel_outlier: 'Funnel plot outlier',
  spc_special_cause: 'SPC special cause variation',
  comparison: 'Comparison with a benchmark',
  by_hand: 'Raised by hand',
};

export const CONCERN_STATES = [
  'raised',
  'triaged',
  'practice_notified',
  'replied',
  'in_peer_review',
  'explained',
  'support_offered',
  'improvement_plan',
  'referred',
  // Concerns about an individual performer leave the commissioner at once: the area team's
  // responsible officer handles them (Performers List Regulations), never the commissioner.
  'routed_to_responsible_officer',
] as const;
export type ConcernState = (typeof CONCERN_STATES)[number];

export const STATE_LABELS: Record<ConcernState, string> = {
  raised: 'Raised',
  triaged: 'Triaged',
  practice_notified: 'Practice notified',
  replied: 'Practice replied',
  in_peer_review: 'In peer review',
  explained: 'Explained, closed',
  support_offered: 'Support offered',
  improvement_plan: 'Improvement plan',
  referred: 'Referred to the contract holder',
  routed_to_responsible_officer: 'Routed to the responsible officer',
};

/** The outcomes a peer review (or triage, for a plainly explained flag) can reach. */
export const OUTCOMES = ['explained', 'support_offered', 'improvement_plan', 'referred'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const STEPS = [
  'triage',
  'notify_practice',
  'reply',
  'start_peer_review',
  'record_outcome',
  'refer',
  'close',
] as const;
export type Step = (typeof STEPS)[number];

export const STEP_LABELS: Record<Step, string> = {
  triage: 'Triage',
  notify_practice: 'Notify the practice',
  reply: 'Practice’s reply',
  start_peer_review: 'Peer review',
  record_outcome: 'Outcome',
  refer: 'Refer to the contract holder',
  close: 'Close',
};

/** For each step, the states it may be taken from. */
const FROM: Record<Step, readonly ConcernState[]> = {
  triage: ['raised'],
  notify_practice: ['triaged'],
  // A practice may add to its reply while its reply is the latest word (replied → replied).
  reply: ['practice_notified', 'replied'],
  // Peer review only after the practice has had its say.
  start_peer_review: ['replied'],
  // Triage may close a flag that is plainly explained (a data error); any other outcome needs peer review.
  record_outcome: ['triaged', 'in_peer_review'],
  // An improvement plan that is not working, or support refused, can be escalated.
  refer: ['improvement_plan', 'support_offered'],
  close: ['support_offered', 'improvement_plan'],
};

/** States the commissioner's workflow does not leave (a referral still gets notices, recorded apart). */
export const FINAL_STATES: readonly ConcernState[] = [
  'explained',
  'referred',
  'routed_to_responsible_officer',
];

export type StepResult = { ok: true; to: ConcernState } | { ok: false; reason: string };

/**
 * The state after taking `step` from `from`, or why it may not be taken. `outcome` is needed for
 * record_outcome; from triage only `explained` is allowed.
 */
export function nextState(
  type: ConcernType,
  from: ConcernState,
  step: Step,
  outcome: Outcome | null = null,
): StepResult {
  if (type === 'individual_performer') {
    return {
      ok: false,
      reason: 'a concern about an individual performer is handled by the NHS England responsible officer',
    };
  }
  if (!FROM[step].includes(from)) {
    return {
      ok: false,
      reason: `${STEP_LABELS[step].toLowerCase()} cannot follow “${STATE_LABELS[from].toLowerCase()}” (it follows ${FROM[
        step
      ]
        .map((s) => `“${STATE_LABELS[s].toLowerCase()}”`)
        .join(' or ')})`,
    };
  }
  switch (step) {
    case 'triage':
      return { ok: true, to: 'triaged' };
    case 'notify_practice':
      return { ok: true, to: 'practice_notified' };
    case 'reply':
      return { ok: true, to: 'replied' };
    case 'start_peer_review':
      return { ok: true, to: 'in_peer_review' };
    case 'refer':
      return { ok: true, to: 'referred' };
    case 'close':
      return { ok: true, to: 'explained' };
    case 'record_outcome':
      if (outcome === null) return { ok: false, reason: 'choose an outcome' };
      if (from === 'triaged' && outcome !== 'explained') {
        return {
          ok: false,
          reason: 'at triage a concern can only be closed as explained; other outcomes need a peer review',
        };
      }
      return { ok: true, to: outcome };
  }
}

/** The state a new concern starts in: an individual-performer concern is routed at once. */
export function initialState(type: ConcernType): ConcernState {
  return type === 'individual_performer' ? 'routed_to_responsible_officer' : 'raised';
}

export function isConcernType(v: string): v is ConcernType {
  return (CONCERN_TYPES as readonly string[]).includes(v);
}
export function isConcernSource(v: string): v is ConcernSource {
  return (CONCERN_SOURCES as readonly string[]).includes(v);
}
export function isOutcome(v: string): v is Outcome {
  return (OUTCOMES as readonly string[]).includes(v);
}
