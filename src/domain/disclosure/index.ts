export { publishDerived } from './derived.ts';
export {
  DEFAULT_DISCLOSURE_RULE,
  type DisclosureRule,
  describeRule,
  isPrimarySuppressed,
  type PublishedCount,
  publishCount,
  roundCount,
} from './rule.ts';
export { type CountTable, type ProtectedTable, protectTable } from './table.ts';
