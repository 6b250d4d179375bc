// The column types every area uses. The store's type parsers make both databases return the same
// JS values:
//   date        -> 'YYYY-MM-DD' string (no time zone surprises)
//   numeric     -> number
//   bigint      -> number (count(*), sum(int), bigserial ids; all far below 2^53 here)
//   timestamptz -> Date
//   jsonb       -> parsed JSON; write it as JSON text (JSON.stringify), because `pg` would turn a JS
//                  array into a PostgreSQL array rather than JSON.
import type { ColumnType } from 'kysely';

/** A `date` column: read as 'YYYY-MM-DD'. */
export type DateColumn = string;
/** A nullable `date` column that may be left out on insert. */
export type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;
/**
 * A `timestamptz` column the application must set from its injected clock (`src/app/clock.ts`): the
 * column's DEFAULT now() would read the database's wall clock, which a test's fixed clock cannot
 * reach, so the type makes leaving it out a compile error.
 */
export type CreatedAt = ColumnType<Date, Date | string, Date | string>;
/**
 * A `timestamptz` column the database stamps itself (DEFAULT now()): only for records of when a write
 * really happened (the audit log, import batches and rejections), which no process clock should set.
 */
export type StampedByDatabase = ColumnType<Date, undefined, never>;
/** A `timestamptz` column that must be given. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A nullable `numeric` column that may be left out on insert. */
export type NullableNumber = ColumnType<number | null, number | null | undefined, number | null>;
/** A nullable `text` column that may be left out on insert. */
export type NullableText = ColumnType<string | null, string | null | undefined, string | null>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A nullable `jsonb` column: read as parsed JSON, written as JSON text. */
export type JsonColumn = ColumnType<JsonValue | null, string | null | undefined, string | null>;

/** A nullable `double precision` column that must be given (null allowed). */
export type Double = number | null;
/** A nullable `timestamptz` column that may be left out on insert. */
export type UpdatedAt = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
