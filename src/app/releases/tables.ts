// Migration 008-openness: data queries, publication overrides and peer review groups, typed with
// `withTables` so this area does not edit the shared schema.
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Database, JsonValue } from '../../store/schema.ts';

/** Set from the injected clock on insert (see CreatedAt in the store schema). */
type Stamp = ColumnType<Date, Date | string, Date | string>;
type NullableStamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;

export type DataQueryStatus = 'open' | 'accepted' | 'rejected';

export interface DataQueryTable {
  id: Generated<number>;
  release_name: string;
  practice_code: string;
  indicator_id: number;
  period: string;
  area_code: string;
  question: string;
  status: ColumnType<DataQueryStatus, DataQueryStatus | undefined, DataQueryStatus>;
  raised_by: string;
  raised_at: Stamp;
  answer: NullableText;
  answered_by: NullableText;
  answered_at: NullableStamp;
  correction_release: NullableText;
}

export interface ReleasePublicationOverrideTable {
  id: Generated<number>;
  release_name: string;
  reason: string;
  open_query_ids: ColumnType<JsonValue, string, string>;
  decided_by: string;
  decided_at: Stamp;
}

export interface PeerReviewGroupTable {
  id: Generated<number>;
  name: string;
  created_at: Stamp;
  created_by: string;
  /** The sub-ICB location the group belongs to (migration 021); null for groups made before it. */
  area_code: NullableText;
}

export interface PeerReviewGroupMemberTable {
  group_id: number;
  practice_code: string;
  agreed_at: Stamp;
  agreed_by: string;
}

export type OpennessTables = {
  data_query: DataQueryTable;
  release_publication_override: ReleasePublicationOverrideTable;
  peer_review_group: PeerReviewGroupTable;
  peer_review_group_member: PeerReviewGroupMemberTable;
};

export type WithOpenness = Database & OpennessTables;

export const withOpenness = (db: Kysely<Database>): Kysely<WithOpenness> => db.withTables<OpennessTables>();
