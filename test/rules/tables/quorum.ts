import {
  checkComposition,
  checkQuorum,
  DEFAULT_QUORUM,
} from '../../../src/domain/governance/committee-rules.ts';
import { DEMO_COMMITTEE } from '../../support/demo-committee.ts';
import type { RuleTable } from '../rule-table.ts';

const COMMITTEE = DEMO_COMMITTEE;

const ids = (names: string): Set<number> =>
  new Set(
    names
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '' && n !== 'nobody')
      .map((n) => {
        const member = COMMITTEE.find((m) => m.name === n);
        if (!member) throw new Error(`quorum table: no member called '${n}'`);
        return member.id;
      }),
  );

export const quorum: RuleTable = {
  id: 'quorum',
  title: 'Is an agenda item quorate?',
  says:
    'A committee of a lay chair and deputy, two executives, two GPs and two observers: six votes, so the ' +
    'quorum is four. Recused members count as absent. The chair or deputy and a lay member must be among ' +
    'those counted; observers never count.',
  source: 'src/domain/governance/committee-rules.ts',
  columns: ['present', 'recused', 'counted', 'quorate'],
  inputs: 2,
  rows: [
    ['lay chair, lay deputy, executive 1, executive 2, GP 1, GP 2', 'nobody', '6', 'yes'],
    ['lay chair, executive 1, GP 1, GP 2', 'nobody', '4', 'yes'],
    ['lay chair, executive 1, GP 1, GP 2', 'GP 1', '3', 'no'],
    ['lay chair, executive 1, executive 2, GP 1, GP 2', 'GP 1, GP 2', '3', 'no'],
    ['lay chair, lay deputy, executive 1, executive 2, GP 1, GP 2', 'GP 1, GP 2', '4', 'yes'],
    ['executive 1, executive 2, GP 1, GP 2', 'nobody', '4', 'no'],
    ['lay deputy, executive 1, executive 2, GP 1', 'nobody', '4', 'yes'],
    ['lay chair, executive 1, Healthwatch, local authority', 'nobody', '2', 'no'],
    ['lay chair, lay deputy, executive 1, GP 1', 'lay chair, lay deputy', '2', 'no'],
  ],
  decide: ([present, recused]) => {
    if (!checkComposition(COMMITTEE, DEFAULT_QUORUM).ok) throw new Error('the table’s committee is invalid');
    const check = checkQuorum(DEFAULT_QUORUM, COMMITTEE, ids(present!), ids(recused!));
    return [String(check.counted), check.quorate ? 'yes' : 'no'];
  },
};
