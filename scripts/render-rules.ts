// Writes docs/rules.md from the rule tables the tests check (test/rules/tables/): `npm run docs:rules`.
import { writeFile } from 'node:fs/promises';
import { renderRules } from '../test/rules/rule-table.ts';
import { RULE_TABLES } from '../test/rules/tables/index.ts';

await writeFile(new URL('../docs/rules.md', import.meta.url), renderRules(RULE_TABLES));
console.log(`docs/rules.md: ${RULE_TABLES.length} rule tables`);
