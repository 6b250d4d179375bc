import type { CoCommissioningLevel } from '../../../src/domain/governance/delegation.ts';
import { can } from '../../../src/domain/policy.ts';
import type { Role } from '../../../src/domain/roles.ts';
import type { RuleTable } from '../rule-table.ts';

/** A 16C practice with its PCN, sub-ICB location, ICB and region (NHS England North East and Yorkshire). */
const PRACTICE = { organisationCode: 'A81001', ancestors: ['U07842', '16C', 'QHM', 'Y63'] };

export const notices: RuleTable = {
  id: 'notices',
  title: 'Who may record a remedial or breach notice',
  says:
    'Only the contract holder: the NHS England area team for the region, or a commissioner that holds ' +
    'contract management under delegation at level 3 (acting for NHS England). Joint commissioning ' +
    '(level 2) is not enough: a notice is one party’s act under the contract. Everyone else can only refer.',
  source: 'src/domain/concerns/authority.ts (mayIssueNotice)',
  columns: ['role', 'for', "16C's level", 'contract management granted', 'may record'],
  inputs: 4,
  rows: [
    ['area_team', 'Y63', 'none', 'no', 'yes'],
    ['area_team', 'Y60', '3', 'yes', 'no'],
    ['commissioning_manager', '16C', 'none', 'no', 'no'],
    ['commissioning_manager', '16C', '1', 'no', 'no'],
    ['commissioning_manager', '16C', '2', 'yes', 'no'],
    ['commissioning_manager', '16C', '3', 'no', 'no'],
    ['commissioning_manager', '16C', '3', 'yes', 'yes'],
    ['commissioning_manager', '93C', '3', 'yes', 'no'],
    ['commissioning_analyst', '16C', '3', 'yes', 'no'],
    ['committee_lay', '16C', '3', 'yes', 'no'],
    ['practice_partner', 'A81001', '3', 'yes', 'no'],
    ['observer', '16C', '3', 'yes', 'no'],
  ],
  decide: ([role, scope, level, granted]) => {
    const decision = can(
      { roles: [{ role: role as Role, organisationCode: scope! }] },
      'record_contract_notice',
      {
        ...PRACTICE,
        concern: {
          type: 'contract_matter',
          state: 'referred',
          delegation:
            level === 'none'
              ? null
              : {
                  commissionerCode: '16C',
                  level: Number(level) as CoCommissioningLevel,
                  grantedFunctions: granted === 'yes' ? ['contract_management'] : [],
                  contractHolderCode: 'Y63',
                },
        },
      },
    );
    return [decision.allowed ? 'yes' : 'no'];
  },
};
