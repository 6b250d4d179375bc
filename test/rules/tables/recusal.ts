import type { InterestKind } from '../../../src/domain/governance/interests.ts';
import { findConflicts } from '../../../src/domain/governance/recusal.ts';
import type { RuleTable } from '../rule-table.ts';

/** The item is about The Densham Surgery, A81001, in PCN U07842; the meeting is on 10 December 2026. */
const MEETING = '2026-12-10';

export const recusal: RuleTable = {
  id: 'recusal',
  title: 'Automatic recusal from an agenda item',
  says:
    'A member whose declared interest is in force on the day of the meeting, in a practice or provider ' +
    'the item concerns or in an organisation above it (its PCN), takes no part in the item. A nil ' +
    'return, an interest that has ended or not yet begun, or one elsewhere, does not recuse. The ' +
    'item here concerns A81001 (PCN U07842) and the Tees Valley GP Federation; the meeting is on 10 December 2026.',
  source: 'src/domain/governance/recusal.ts',
  columns: ['interest', 'in', 'from', 'until', 'recused'],
  inputs: 4,
  rows: [
    ['practice_partnership', 'A81001', '2015-04-01', '', 'yes'],
    ['practice_employment', 'A81001', '2020-01-01', '', 'yes'],
    ['practice_partnership', 'A81002', '2015-04-01', '', 'no'],
    ['pcn_role', 'U07842', '2021-07-01', '', 'yes'],
    ['pcn_role', 'U99999', '2021-07-01', '', 'no'],
    ['practice_partnership', 'A81001', '2015-04-01', '2026-12-09', 'no'],
    ['practice_partnership', 'A81001', '2015-04-01', '2026-12-10', 'yes'],
    ['practice_partnership', 'A81001', '2026-12-11', '', 'no'],
    ['provider_financial', 'Tees Valley GP Federation', '2019-01-01', '', 'yes'],
    ['provider_financial', 'tees valley  gp federation', '2019-01-01', '', 'yes'],
    ['family_link', 'A81001', '2010-01-01', '', 'yes'],
    ['nil', 'A81001', '2026-01-01', '', 'no'],
  ],
  decide: ([kind, inOrganisation, from, until]) => {
    const isCode = /^[A-Z0-9]{3,6}$/.test(inOrganisation!);
    const conflicts = findConflicts(
      [
        {
          memberId: 1,
          interests: [
            {
              id: 1,
              personId: 1,
              kind: kind as InterestKind,
              organisationCode: isCode ? inOrganisation! : null,
              providerName: isCode ? null : inOrganisation!,
              description: '',
              startsOn: from || null,
              endsOn: until || null,
            },
          ],
        },
      ],
      {
        organisationCodes: ['A81001'],
        parentCodes: { A81001: ['U07842'] },
        providerNames: ['Tees Valley GP Federation'],
      },
      MEETING,
    );
    return [conflicts.length > 0 ? 'yes' : 'no'];
  },
};
