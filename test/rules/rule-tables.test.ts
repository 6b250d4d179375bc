// Issue 16, point 5: the rules as tables. Every row of every table in test/rules/tables/ is run against
// the code, and docs/rules.md must be the tables' current rendering (`npm run docs:rules` writes it).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { renderRules } from './rule-table.ts';
import { RULE_TABLES } from './tables/index.ts';
import { EVERY_ACTION, policyMatrix } from './tables/policy-matrix.ts';

for (const table of RULE_TABLES) {
  describe(`rule table: ${table.title}`, () => {
    for (const row of table.rows) {
      const given = row.slice(0, table.inputs);
      it(
        table.columns
          .slice(0, table.inputs)
          .map((c, i) => `${c} ${given[i]}`)
          .join(', '),
        () => {
          assert.equal(row.length, table.columns.length, 'the row has a cell for every column');
          assert.deepEqual(table.decide(given), row.slice(table.inputs));
        },
      );
    }
  });
}

describe('the rule tables are complete and rendered', () => {
  it('the policy matrix has one row for every action of every policy table', () => {
    const rows = policyMatrix.rows.map((r) => r[0]!.replace(/`/g, ''));
    assert.deepEqual([...rows].sort(), [...EVERY_ACTION].sort());
  });

  it('docs/rules.md is the current rendering of the tables (run npm run docs:rules)', async () => {
    const written = await readFile(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    assert.equal(written, renderRules(RULE_TABLES));
  });
});
