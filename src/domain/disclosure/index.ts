export { publishDerived, publishedRatio } from './derived.ts';
export {
  HIDDEN_COMPLEMENT,
  HIDDEN_DENOMINATOR,
  HIDDEN_NUMERATOR,
  type HiddenMask,
  type HierarchyMember,
  type HierarchyPattern,
  hierarchyPattern,
  type ProtectedCounts,
  type ProtectedHierarchy,
  protectHierarchy,
  publishUnder,
} from './hierarchy.ts';
export {
  DEFAULT_DISCLOSURE_RULE,
  type DisclosureRule,
  describeRule,
  isPrimarySuppressed,
  type PublishedCount,
  publishCount,
  roundCount,
  ruleKey,
} from './rule.ts';
export { type CountTable, type ProtectedTable, protectTable } from './table.ts';
