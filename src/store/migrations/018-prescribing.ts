// Migration 018 (issue 20, docs/prescribing.md): prescribing from the English Prescribing Dataset.
// - prescribing: one row per month × practice (prescribing cost centre) × BNF presentation, the
//   pack-quantity rows of the file summed on the way in. PARTITIONED BY LIST (month): each month is
//   its own table (prescribing_yYYYYmMM, created by the import that first brings it), so replacing a
//   month or dropping an old one touches one partition, and a distributed PostgreSQL (Citus) can
//   shard every partition by practice_code (docs/scaling.md).
// - prescribing_month: which import holds each month, and its totals (lineage and the measures' periods).
// - bnf_presentation: the BNF codes seen, with their names and the chemical, paragraph, section and
//   chapter derived from the code itself (the first 9, 6, 4 and 2 characters).
// - prescribing_measure_value / prescribing_measure_decile: each measure's monthly value per practice
//   (with its percentile and estimated saving) and England's deciles, recomputed from the above.
// Money and quantities are double precision: sums of millions of rows, never compared for equality.
import { type Kysely, sql } from 'kysely';

const statements = [
  `CREATE TABLE prescribing (
    month date NOT NULL CHECK (extract(day from month) = 1),
    practice_code text NOT NULL CHECK (length(practice_code) BETWEEN 1 AND 12),
    bnf_code text NOT NULL CHECK (length(bnf_code) BETWEEN 9 AND 15),
    items bigint NOT NULL,
    quantity double precision NOT NULL,
    adq_usage double precision,
    nic double precision NOT NULL,
    actual_cost double precision NOT NULL,
    import_batch_id integer NOT NULL,
    PRIMARY KEY (month, practice_code, bnf_code)
  ) PARTITION BY LIST (month)`,

  `CREATE TABLE prescribing_month (
    month date PRIMARY KEY CHECK (extract(day from month) = 1),
    import_batch_id integer NOT NULL REFERENCES import_batch (id),
    rows_read bigint NOT NULL,
    groups bigint NOT NULL,
    practices integer NOT NULL,
    unknown_practices integer NOT NULL,
    items bigint NOT NULL,
    actual_cost double precision NOT NULL
  )`,

  `CREATE TABLE bnf_presentation (
    bnf_code text PRIMARY KEY CHECK (length(bnf_code) BETWEEN 9 AND 15),
    name text,
    chemical_code text NOT NULL,
    chemical_name text,
    paragraph_code text NOT NULL,
    section_code text NOT NULL,
    chapter_code text NOT NULL,
    chapter_name text
  )`,

  // The measures' monthly values per practice, recomputed from prescribing (measures/*.json).
  `CREATE TABLE prescribing_measure_value (
    measure_id text NOT NULL,
    month date NOT NULL,
    practice_code text NOT NULL,
    numerator double precision NOT NULL,
    denominator double precision,
    numerator_cost double precision NOT NULL,
    ratio double precision,
    percentile double precision,
    saving double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (measure_id, month, practice_code)
  )`,

  // England's deciles of each measure per month (the 10th … 90th percentile of the ratio).
  `CREATE TABLE prescribing_measure_decile (
    measure_id text NOT NULL,
    month date NOT NULL,
    practices integer NOT NULL,
    deciles jsonb NOT NULL,
    PRIMARY KEY (measure_id, month)
  )`,

  // What the stored measure values were computed from (the measures and each month's batch), so a
  // recompute with nothing new skips the measures.
  `CREATE TABLE prescribing_measure_run (
    fingerprint text PRIMARY KEY
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'prescribing_measure_decile',
    'prescribing_measure_value',
    'bnf_presentation',
    'prescribing_month',
    'prescribing',
  ]) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
}
