// Every rule table, in the order docs/rules.md shows them.
import type { RuleTable } from '../rule-table.ts';
import { delegation } from './delegation.ts';
import { disclosure } from './disclosure.ts';
import { notices } from './notices.ts';
import { policyMatrix } from './policy-matrix.ts';
import { qofPoints } from './qof-points.ts';
import { quorum } from './quorum.ts';
import { recusal } from './recusal.ts';

export const RULE_TABLES: readonly RuleTable[] = [
  recusal,
  quorum,
  delegation,
  notices,
  disclosure,
  qofPoints,
  policyMatrix,
];
