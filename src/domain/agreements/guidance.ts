/**
 * Guidance checks shown to practices and the commissioner before anyone signs. They read the clause
 * tags only, so they are predictable and explainable; they warn, they do not forbid: a commissioner
 * may still issue a flagged version, but everyone who signs sees why it was flagged.
 */
import type { Clause } from './clauses.ts';

export type GuidanceCode = 'performance_management' | 'sanctions_without_appeal' | 'no_lmc_role';

export interface GuidanceFlag {
  code: GuidanceCode;
  title: string;
  reason: string;
  /** Positions of the clauses the flag is about (empty when it is about something missing). */
  clauses: number[];
}

const PERFORMANCE_MANAGEMENT_REASON =
  'Performance management of the GP contract is the contract holder’s role: NHS England, or the ICB ' +
  'where it holds delegated commissioning, acting under the contract and its regulations (breach and ' +
  'remedial notices, with their own rights of review). An inter-practice agreement is between the ' +
  'member practices; it cannot make one practice answer to others, or to the commissioner’s ' +
  'membership body, for how it performs its contract. Use benchmarking for shared learning, and leave ' +
  'contract performance to the contract holder.';

const SANCTIONS_WITHOUT_APPEAL_REASON =
  'The agreement lets practices be sanctioned or removed, but has no dispute-resolution or appeal ' +
  'clause. A practice facing a sanction must have a fair, independent way to challenge it (for ' +
  'example, review by a panel that includes the LMC, then the contract’s own dispute resolution).';

const NO_LMC_ROLE_REASON =
  'The agreement gives the Local Medical Committee no role. The LMC is the statutory representative ' +
  'of local GPs (NHS Act 2006, section 97); agreements that bind practices should say how the LMC is ' +
  'consulted and how it can support a practice in a dispute.';

export function guidanceChecks(clauses: readonly Pick<Clause, 'position' | 'tag'>[]): GuidanceFlag[] {
  const flags: GuidanceFlag[] = [];
  const tagged = (tag: Clause['tag']): number[] =>
    clauses.filter((c) => c.tag === tag).map((c) => c.position);

  const performance = tagged('performance_management');
  if (performance.length > 0) {
    flags.push({
      code: 'performance_management',
      title: 'Performance management is the contract holder’s role',
      reason: PERFORMANCE_MANAGEMENT_REASON,
      clauses: performance,
    });
  }
  const sanctions = tagged('sanctions_removal');
  if (sanctions.length > 0 && tagged('dispute_resolution').length === 0) {
    flags.push({
      code: 'sanctions_without_appeal',
      title: 'Sanctions without a right of appeal',
      reason: SANCTIONS_WITHOUT_APPEAL_REASON,
      clauses: sanctions,
    });
  }
  if (tagged('lmc_role').length === 0) {
    flags.push({
      code: 'no_lmc_role',
      title: 'The LMC has no role',
      reason: NO_LMC_ROLE_REASON,
      clauses: [],
    });
  }
  return flags;
}
