// Kysely's `Database`: every table, exactly as the migrations name them (snake_case, no case-mapping
// plugin). Each area's tables and row types live in src/store/schema/<area>.ts (the column types all
// areas share in columns.ts); a new migration's tables go in its area's file and its area interface.
// This file is a barrel: it joins the area interfaces into `Database` and re-exports every area's
// types, so code keeps importing its row types from `store/schema.ts` without knowing which area
// file holds them.
import type { AgreementTables } from './schema/agreements.ts';
import type { AuthTables } from './schema/auth.ts';
import type { BenchmarkingTables } from './schema/benchmarking.ts';
import type { ConcernTables } from './schema/concerns.ts';
import type { FactTables } from './schema/facts.ts';
import type { GovernanceTables } from './schema/governance.ts';
import type { ImportTables } from './schema/imports.ts';
import type { ObligationTables } from './schema/obligations.ts';
import type { OpennessTables } from './schema/openness.ts';
import type { OrganisationTables } from './schema/organisations.ts';
import type { PrescribingTables } from './schema/prescribing.ts';
import type { SchemeTables } from './schema/schemes.ts';

export type * from './schema/agreements.ts';
export type * from './schema/auth.ts';
export type * from './schema/benchmarking.ts';
export type * from './schema/columns.ts';
export type * from './schema/concerns.ts';
export type * from './schema/facts.ts';
export type * from './schema/governance.ts';
export type * from './schema/imports.ts';
export type * from './schema/obligations.ts';
export type * from './schema/openness.ts';
export type * from './schema/organisations.ts';
export type * from './schema/prescribing.ts';
export type * from './schema/schemes.ts';

export interface Database
  extends ImportTables,
    OrganisationTables,
    FactTables,
    AuthTables,
    BenchmarkingTables,
    AgreementTables,
    GovernanceTables,
    SchemeTables,
    ConcernTables,
    OpennessTables,
    ObligationTables,
    PrescribingTables {}

export type TableName = keyof Database;
