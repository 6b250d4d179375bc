// Organisations as the imports observe them, their memberships and lineage (migrations 001, 014).
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { OrganisationKind, OrganisationStatus } from '../../domain/records.ts';
import type { CreatedAt, DateColumn, NullableDate, NullableNumber, NullableText } from './columns.ts';

export type { OrganisationKind, OrganisationStatus };

export type LineageKind = 'merger' | 'split' | 'closure' | 'succession';
export type LineageSource = 'derived' | 'administrator';

export interface OrganisationTable {
  code: string;
  kind: OrganisationKind;
  name: string;
  ons_code: NullableText;
  postcode: NullableText;
  open_date: NullableDate;
  close_date: NullableDate;
  status: ColumnType<
    OrganisationStatus | null,
    OrganisationStatus | null | undefined,
    OrganisationStatus | null
  >;
  /** 'GMS', 'PMS', 'APMS', … as published. */
  contract_type: NullableText;
  rurality: NullableText;
  batch_id: NullableNumber;
}

/**
 * What one file said about one organisation, dated by the file's extract date (`as_of`; null for a
 * practice added by its code alone). `organisation` is resolved from these, newest first
 * (src/app/import/newest-wins.ts).
 */
export interface OrganisationObservationTable {
  code: string;
  batch_id: number;
  as_of: NullableDate;
  kind: OrganisationKind;
  name: NullableText;
  ons_code: NullableText;
  postcode: NullableText;
  open_date: NullableDate;
  close_date: NullableDate;
  status: ColumnType<
    OrganisationStatus | null,
    OrganisationStatus | null | undefined,
    OrganisationStatus | null
  >;
  contract_type: NullableText;
  rurality: NullableText;
}

/** One observation per extract; validity periods are derived by src/domain/membership.ts. */
export interface OrganisationMembershipTable {
  child_code: string;
  parent_kind: OrganisationKind;
  parent_code: string;
  observed_on: DateColumn;
  /**
   * The extract date of the file that said so (null: as observed_on): of two files observing the
   * same child on the same day, the newer wins.
   */
  as_of: NullableDate;
  /** The last day the membership held, where the source says (ODS leave and close dates). */
  ended_on: NullableDate;
  batch_id: number;
}

export type LineageCandidateStatus = 'pending' | 'confirmed' | 'rejected';

/** A merger or succession the data suggests but cannot prove: an administrator decides. */
export interface LineageCandidateTable {
  id: Generated<number>;
  predecessor_code: string;
  successor_code: string;
  kind: 'merger' | 'succession';
  close_date: NullableDate;
  /** The last extract with the predecessor's list, and the next extract. */
  last_extract: DateColumn;
  next_extract: DateColumn;
  closed_list: number;
  successor_before: NullableNumber;
  successor_after: number;
  /** How close the two practices are: 'same postcode sector' or 'same postcode district'. */
  proximity: string;
  status: ColumnType<LineageCandidateStatus, LineageCandidateStatus | undefined, LineageCandidateStatus>;
  decided_by: NullableText;
  decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  decision_note: NullableText;
  lineage_id: NullableNumber;
  found_at: CreatedAt;
}

export interface OrganisationLineageTable {
  id: Generated<number>;
  predecessor_code: string;
  successor_code: NullableText;
  kind: LineageKind;
  effective_date: NullableDate;
  source: LineageSource;
  note: NullableText;
  batch_id: NullableNumber;
  created_by: NullableText;
  created_at: CreatedAt;
}

/** Organisations, their observations, memberships and lineage. */
export interface OrganisationTables {
  organisation: OrganisationTable;
  organisation_observation: OrganisationObservationTable;
  organisation_membership: OrganisationMembershipTable;
  lineage_candidate: LineageCandidateTable;
  organisation_lineage: OrganisationLineageTable;
}

export type LineageCandidate = Selectable<LineageCandidateTable>;
export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationMembership = Selectable<OrganisationMembershipTable>;
export type NewOrganisationMembership = Insertable<OrganisationMembershipTable>;
export type OrganisationLineage = Selectable<OrganisationLineageTable>;
export type NewOrganisationLineage = Insertable<OrganisationLineageTable>;
