// Migration 008-openness: data queries, publication overrides, peer review groups, and the
// notifications and e-mail addresses they go to. (Migration 021 adds `peer_review_group.area_code`.)
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, JsonValue, NullableText, UpdatedAt } from './columns.ts';

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
  raised_at: CreatedAt;
  answer: NullableText;
  answered_by: NullableText;
  answered_at: UpdatedAt;
  correction_release: NullableText;
}

export interface ReleasePublicationOverrideTable {
  id: Generated<number>;
  release_name: string;
  reason: string;
  open_query_ids: ColumnType<JsonValue, string, string>;
  decided_by: string;
  decided_at: CreatedAt;
}

export interface PeerReviewGroupTable {
  id: Generated<number>;
  name: string;
  created_at: CreatedAt;
  created_by: string;
  /** The sub-ICB location the group belongs to (migration 021); null for groups made before it. */
  area_code: NullableText;
}

export interface PeerReviewGroupMemberTable {
  group_id: number;
  practice_code: string;
  agreed_at: CreatedAt;
  agreed_by: string;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  subject: string;
  body: string;
  link: NullableText;
  created_at: CreatedAt;
  read_at: UpdatedAt;
  emailed_at: UpdatedAt;
  email_error: NullableText;
}

export interface UserEmailTable {
  user_id: number;
  email: string;
}

/** The tables of migration 008: openness of releases to practices, and notifications. */
export interface OpennessTables {
  data_query: DataQueryTable;
  release_publication_override: ReleasePublicationOverrideTable;
  peer_review_group: PeerReviewGroupTable;
  peer_review_group_member: PeerReviewGroupMemberTable;
  notification: NotificationTable;
  user_email: UserEmailTable;
}
