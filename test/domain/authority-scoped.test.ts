// Issue 11, finding 3: authority is always scoped. Every action of every policy table (the core,
// governance, schemes, obligations) is tried by every role held for ANOTHER area (93C, North Central
// London, in another ICB and region) against an organisation of 16C (a practice with its PCN, sub-ICB
// location, ICB and region): each must be refused, except the few rules that are national by design,
// each named below with the reason. And no national rule lets a change be made by any role but an
// administrator's or NHS England's (area team), except importing national open data.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GOVERNANCE_ACTIONS } from '../../src/domain/governance/access.ts';
import { OBLIGATION_ACTIONS, OBLIGATION_RULES } from '../../src/domain/obligations/access.ts';
import { ACTIONS, can, ruleFor } from '../../src/domain/policy.ts';
import { ROLES, type Role } from '../../src/domain/roles.ts';
import { SCHEME_ACTIONS, SCHEME_RULES } from '../../src/domain/schemes/access.ts';

/** A 16C practice and its ancestors (PCN, sub-ICB location, ICB, region). */
const HERE = { organisationCode: 'A81001', ancestors: ['U07842', '16C', 'QHM', 'Y63'] };
const THERE = '93C';

/** National by design, and why: reading or doing them from any area is not a cross-area act. */
const NATIONAL_BY_DESIGN: Record<string, string> = {
  view_public: 'published open data',
  view_imports: "England's national files and their refusals (commissioning staff)",
  run_import: 'importing the national open data every area shares',
  view_agreements: 'agreements are read by every party that holds the commissioner to account',
  declare_interest: "one's own interests (the register entry is the declarer's)",
  view_schemes: 'scheme definitions are the published rules',
  view_calculation: 'a calculation covers every practice of a national scheme (QOF)',
  run_what_if: 'a what-if changes nothing and reads only published definitions and inputs',
  export_payable: 'the payable file of an approved national calculation',
};

const others = ROLES.filter((r): r is Exclude<Role, 'administrator'> => r !== 'administrator');

describe('authority scoped to the area (every action × another area’s role)', () => {
  const tables: {
    name: string;
    actions: readonly string[];
    decide: (role: Role, action: string) => boolean;
  }[] = [
    {
      name: 'core and governance',
      actions: [...ACTIONS, ...GOVERNANCE_ACTIONS],
      decide: (role, action) =>
        can({ roles: [{ role, organisationCode: THERE }] }, action as (typeof ACTIONS)[number], HERE).allowed,
    },
    {
      name: 'schemes',
      actions: SCHEME_ACTIONS,
      decide: (role, action) =>
        can({ roles: [{ role, organisationCode: THERE }] }, action as (typeof SCHEME_ACTIONS)[number], HERE)
          .allowed,
    },
    {
      name: 'obligations',
      actions: OBLIGATION_ACTIONS,
      decide: (role, action) =>
        can(
          { roles: [{ role, organisationCode: THERE }] },
          action as (typeof OBLIGATION_ACTIONS)[number],
          HERE,
        ).allowed,
    },
  ];
  for (const table of tables)
    it(`refuses every ${table.name} action to every role of another area, but the national ones by design`, () => {
      const leaks: string[] = [];
      for (const action of table.actions)
        for (const role of others)
          if (table.decide(role, action) && !(action in NATIONAL_BY_DESIGN))
            leaks.push(`${role} → ${action}`);
      assert.deepEqual(leaks, []);
    });

  it('refuses the five rules that were national (issue 11) to a manager of another area, and allows them here', () => {
    const there = { roles: [{ role: 'commissioning_manager' as const, organisationCode: THERE }] };
    const here = { roles: [{ role: 'commissioning_manager' as const, organisationCode: '16C' }] };
    for (const action of ['decide_appeal', 'submit_scheme', 'manage_standing_rules'] as const) {
      assert.equal(can(there, action, HERE).allowed, false, action);
      assert.equal(can(here, action, HERE).allowed, true, action);
    }
    for (const action of ['view_register', 'manage_register'] as const) {
      assert.equal(can(there, action, HERE).allowed, false, action);
      assert.equal(can(here, action, HERE).allowed, true, action);
    }
  });

  it('has no national rule that changes data, but importing national open data', () => {
    const national = [
      ...[...ACTIONS, ...GOVERNANCE_ACTIONS].map((a) => ({ a, rule: ruleFor(a) })),
      ...SCHEME_ACTIONS.map((a) => ({ a, rule: SCHEME_RULES[a] })),
      ...OBLIGATION_ACTIONS.map((a) => ({ a, rule: OBLIGATION_RULES[a] })),
    ].filter(({ rule }) => rule.about === 'national' && rule.changes && rule.roles.length > 0);
    assert.deepEqual(
      national.map(({ a }) => a).sort(),
      ['declare_interest', 'run_import'],
      'a national rule that changes data is open only to administrators (roles: [])',
    );
  });
});
