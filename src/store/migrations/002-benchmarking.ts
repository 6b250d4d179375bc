// Indicators, releases and their results (docs/indicators.md).
// Results are `double precision`, not `numeric`: a JS number goes in and comes back bit for bit, so a
// release's checksum can be recomputed from the stored rows. Every release-owned table cascades from
// `release`, so a draft can be replaced in one statement.
import { type Kysely, sql } from 'kysely';

const statements = [
  `CREATE TABLE indicator (
    id serial PRIMARY KEY,
    code text NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    name text NOT NULL,
    domain text NOT NULL,
    type text NOT NULL CHECK (type IN ('proportion', 'rate', 'dsr', 'isr', 'mean', 'count')),
    numerator text NOT NULL,
    denominator text NOT NULL,
    multiplier double precision NOT NULL CHECK (multiplier > 0),
    polarity text NOT NULL CHECK (polarity IN ('higher_is_better', 'lower_is_better', 'no_judgement')),
    period_type text NOT NULL CHECK (period_type IN ('financial_year', 'quarter', 'month')),
    source text NOT NULL,
    caveats text,
    disclosure_rule text,
    origin text NOT NULL CHECK (origin IN ('built_in', 'template', 'expression')),
    computation jsonb NOT NULL,
    definition_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    UNIQUE (code, version)
  )`,

  // Local values from a Fairview indicator template: a fact table with lineage like the others.
  `CREATE TABLE local_value (
    indicator_code text NOT NULL,
    practice_code text NOT NULL,
    period text NOT NULL,
    numerator double precision NOT NULL,
    denominator double precision NOT NULL,
    batch_id integer NOT NULL REFERENCES import_batch (id),
    PRIMARY KEY (indicator_code, practice_code, period)
  )`,

  `CREATE TABLE release (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    status text NOT NULL CHECK (status IN ('draft', 'published')),
    method_version text NOT NULL,
    inputs_fingerprint text NOT NULL,
    results_checksum text NOT NULL,
    result_count integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    published_at timestamptz,
    published_by text
  )`,
  `CREATE TABLE release_batch (
    release_id integer NOT NULL REFERENCES release (id) ON DELETE CASCADE,
    batch_id integer NOT NULL REFERENCES import_batch (id),
    PRIMARY KEY (release_id, batch_id)
  )`,
  `CREATE TABLE release_indicator (
    release_id integer NOT NULL REFERENCES release (id) ON DELETE CASCADE,
    indicator_id integer NOT NULL REFERENCES indicator (id),
    PRIMARY KEY (release_id, indicator_id)
  )`,

  `CREATE TABLE peer (
    release_id integer NOT NULL REFERENCES release (id) ON DELETE CASCADE,
    practice_code text NOT NULL,
    peer_code text NOT NULL,
    rank integer NOT NULL,
    distance double precision NOT NULL,
    PRIMARY KEY (release_id, practice_code, peer_code)
  )`,
  `CREATE TABLE peer_group (
    release_id integer NOT NULL REFERENCES release (id) ON DELETE CASCADE,
    practice_code text NOT NULL,
    explanation text NOT NULL,
    profile jsonb NOT NULL,
    PRIMARY KEY (release_id, practice_code)
  )`,

  `CREATE TABLE result (
    release_id integer NOT NULL REFERENCES release (id) ON DELETE CASCADE,
    indicator_id integer NOT NULL REFERENCES indicator (id),
    period text NOT NULL,
    area_kind text NOT NULL CHECK (area_kind IN ('practice', 'pcn', 'sub_icb', 'icb', 'region', 'country')),
    area_code text NOT NULL,
    pcn_code text,
    sub_icb_code text,
    icb_code text,
    region_code text,
    numerator double precision,
    denominator double precision,
    value double precision,
    lower_95 double precision,
    upper_95 double precision,
    lower_99_8 double precision,
    upper_99_8 double precision,
    cmp_england text,
    cmp_icb text,
    cmp_sub_icb text,
    cmp_pcn text,
    cmp_peers text,
    cmp_england_998 text,
    cmp_icb_998 text,
    cmp_sub_icb_998 text,
    cmp_pcn_998 text,
    cmp_peers_998 text,
    peer_value double precision,
    quintile smallint,
    decile smallint,
    practice_min double precision,
    practice_q1 double precision,
    practice_median double precision,
    practice_q3 double precision,
    practice_max double precision,
    funnel_flag text,
    funnel_flag_icb text,
    funnel_flag_sub_icb text,
    expected double precision,
    oe_ratio double precision,
    oe_lower_95 double precision,
    oe_upper_95 double precision,
    oe_lower_99_8 double precision,
    oe_upper_99_8 double precision,
    casemix_flag text,
    flag_basis text CHECK (flag_basis IN ('crude', 'adjusted')),
    why text,
    PRIMARY KEY (release_id, indicator_id, period, area_kind, area_code)
  )`,
  `CREATE INDEX result_area ON result (release_id, area_code, indicator_id)`,
  `CREATE INDEX result_sub_icb ON result (release_id, sub_icb_code, indicator_id, period)`,
  `CREATE INDEX result_icb ON result (release_id, icb_code, indicator_id, period)`,
  `CREATE INDEX result_pcn ON result (release_id, pcn_code, indicator_id, period)`,

  `CREATE TABLE funnel_fit (
    release_id integer NOT NULL REFERENCES release (id) ON DELETE CASCADE,
    indicator_id integer NOT NULL REFERENCES indicator (id),
    period text NOT NULL,
    level text NOT NULL CHECK (level IN ('country', 'region', 'icb', 'sub_icb', 'pcn')),
    parent_code text NOT NULL,
    basis text NOT NULL CHECK (basis IN ('crude', 'adjusted')),
    phi double precision,
    tau2 double precision,
    adjusted boolean NOT NULL,
    target double precision NOT NULL,
    n integer NOT NULL,
    PRIMARY KEY (release_id, indicator_id, period, level, parent_code, basis)
  )`,

  `CREATE TABLE casemix_fit (
    release_id integer NOT NULL REFERENCES release (id) ON DELETE CASCADE,
    indicator_id integer NOT NULL REFERENCES indicator (id),
    period text NOT NULL,
    fitted boolean NOT NULL,
    population_extract date,
    imd_year integer,
    n integer NOT NULL,
    description text NOT NULL,
    PRIMARY KEY (release_id, indicator_id, period)
  )`,

  `CREATE TABLE spc_point (
    release_id integer NOT NULL REFERENCES release (id) ON DELETE CASCADE,
    indicator_id integer NOT NULL REFERENCES indicator (id),
    practice_code text NOT NULL,
    period text NOT NULL,
    value double precision,
    mean double precision,
    lower_limit double precision,
    upper_limit double precision,
    special_cause text,
    point_type text,
    PRIMARY KEY (release_id, indicator_id, practice_code, period)
  )`,
  `CREATE TABLE spc_summary (
    release_id integer NOT NULL REFERENCES release (id) ON DELETE CASCADE,
    indicator_id integer NOT NULL REFERENCES indicator (id),
    practice_code text NOT NULL,
    n integer NOT NULL,
    short_series boolean NOT NULL,
    improvement_direction text NOT NULL,
    mean double precision,
    lower_limit double precision,
    upper_limit double precision,
    variation text,
    assurance text,
    variation_icon text,
    assurance_icon text,
    PRIMARY KEY (release_id, indicator_id, practice_code)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [
    'spc_summary',
    'spc_point',
    'casemix_fit',
    'funnel_fit',
    'result',
    'peer_group',
    'peer',
    'release_indicator',
    'release_batch',
    'release',
    'local_value',
    'indicator',
  ];
  for (const table of tables) await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
}
