// What the callers of the use cases (web, cli) may know of the store: an opaque handle they pass on,
// and the read models the use cases return (issue 16). They import these from here, never from
// `store/`, so "web never talks SQL" is a rule the architecture test can check by the imports alone.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

/** The database handle a request or a command holds and passes to the use cases. */
export type Db = Kysely<Database>;

export type {
  AgreementDecision,
  AreaKind,
  ItemStatus,
  JsonValue,
  JudgmentFit,
  LineageKind,
  LmcPosition,
  Organisation,
  Release,
  ReleaseStatus,
  Result,
  SchemeAppealRow,
  SpcSummaryRow,
  StatementLineRow,
} from '../store/schema.ts';
