import {
  type CoCommissioningLevel,
  type DelegatedFunction,
  decideContractAction,
} from '../../../src/domain/governance/delegation.ts';
import type { RuleTable } from '../rule-table.ts';

export const delegation: RuleTable = {
  id: 'delegation',
  title: 'Who acts on a contract matter (delegation levels 1–3)',
  says:
    'A function counts only when granted with the level. At level 3 the commissioner acts for NHS ' +
    'England; at level 2 it decides jointly with the contract holder; otherwise the contract holder ' +
    '(NHS England) decides.',
  source: 'src/domain/governance/delegation.ts',
  columns: ['level', 'function', 'granted', 'who decides'],
  inputs: 3,
  rows: [
    ['none', 'contract_management', 'no', 'contract holder'],
    ['1', 'contract_management', 'no', 'contract holder'],
    ['1', 'contract_management', 'yes', 'contract holder'],
    ['2', 'contract_management', 'no', 'contract holder'],
    ['2', 'contract_management', 'yes', 'jointly'],
    ['3', 'contract_management', 'no', 'contract holder'],
    ['3', 'contract_management', 'yes', 'the commissioner'],
    ['3', 'new_providers', 'yes', 'the commissioner'],
    ['2', 'new_providers', 'yes', 'jointly'],
  ],
  decide: ([level, fn, granted]) => {
    const decision = decideContractAction(
      {
        commissionerCode: '16C',
        level: level === 'none' ? null : (Number(level) as CoCommissioningLevel),
        grantedFunctions: granted === 'yes' ? [fn as DelegatedFunction] : [],
        contractHolderCode: 'Y63',
      },
      fn as DelegatedFunction,
    );
    const words = { act: 'the commissioner', joint: 'jointly', contract_holder: 'contract holder' };
    return [words[decision.route]];
  },
};
