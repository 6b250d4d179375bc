/**
 * Disclosure control at England scale (issue 6): one suppression pattern per indicator and period over
 * 6,500 practices in 1,250 PCNs, 106 sub-ICB locations, 42 ICBs, 7 regions and England
 * (`hierarchyPattern`, src/domain/disclosure/hierarchy.ts), on synthetic counts from common to rare
 * (prevalences 0.03% to 20%: rare ones hide most practices, common ones almost none).
 *
 * The baseline, measured in the same run on the same data: the per-page protection the /releases
 * tables used to do (`protectTable` on each sub-ICB location's practices, counted / not counted with
 * their totals: 106 small tables). Beside it the plain version of the pattern
 * (`hierarchyPatternReference`, the first implementation, kept as the specification) and the
 * typed-array one pages use; both are checked to hide the same cells.
 *
 * Then what a visitor's first national scorecard costs when nothing is cached: `disclosurePatterns`
 * for 30 indicators × 2 periods from a fresh PGlite store (the query and the 60 patterns), beside the
 * query alone as its baseline, and the same call once cached.
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import {
  disclosurePatterns,
  forgetDisclosurePatterns,
  warmDisclosurePatterns,
} from '../src/app/benchmarking/disclosure.ts';
import { ENGLAND } from '../src/app/compute/hierarchy.ts';
import { hierarchyPatternReference } from '../src/domain/disclosure/hierarchy-reference.ts';
import {
  DEFAULT_DISCLOSURE_RULE,
  type HierarchyMember,
  hierarchyPattern,
  protectTable,
} from '../src/domain/disclosure/index.ts';
import type { Release } from '../src/store/schema.ts';
import { freshPglite } from '../test/support/databases.ts';
import { type Harness, seededRandom } from './harness.ts';
import { listSizes } from './practice-data.ts';

const PRACTICES = 6500;
const PCNS = 1250;
const SUB_ICBS = 106;
const ICBS = 42;
const REGIONS = 7;
/** Prevalences of the synthetic indicators: rare ones first (many hidden cells), then common ones. */
const PREVALENCES = [0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.2];
const SCORECARD_INDICATORS = 30;
const rule = DEFAULT_DISCLOSURE_RULE;

interface Place {
  pcn: string | null;
  sub: string;
  icb: string;
  region: string;
}

/** Practices spread over the areas in order, about 3% in no PCN. */
function places(practices: number): Place[] {
  const random = seededRandom(11);
  const pcns = Math.max(1, Math.round((PCNS * practices) / PRACTICES));
  return Array.from({ length: practices }, (_, i) => {
    const pcn = Math.floor((i * pcns) / practices);
    const sub = Math.floor((pcn * SUB_ICBS) / pcns);
    const icb = Math.floor((sub * ICBS) / SUB_ICBS);
    const region = Math.floor((icb * REGIONS) / ICBS);
    return {
      pcn: random() < 0.03 ? null : `U${String(pcn).padStart(5, '0')}`,
      sub: `S${String(sub).padStart(3, '0')}`,
      icb: `Q${String(icb).padStart(2, '0')}`,
      region: `Y${region}`,
    };
  });
}

function members(where: Place[], prevalence: number, seed: number): HierarchyMember[] {
  const sizes = listSizes(where.length, seed);
  const random = seededRandom(seed + 100);
  return where.map((p, i) => {
    const d = sizes[i]!;
    const expected = d * prevalence * Math.exp(0.3 * (random() - 0.5));
    const n = Math.min(d, Math.max(0, Math.round(expected + Math.sqrt(expected) * 2 * (random() - 0.5))));
    return {
      code: `P${String(i).padStart(5, '0')}`,
      numerator: n,
      denominator: d,
      areas: [...(p.pcn ? [p.pcn] : []), p.sub, p.icb, p.region, ENGLAND],
    };
  });
}

/** What /releases did: each sub-ICB location's practices as one table, counted / not counted. */
function perSubIcbTables(list: readonly HierarchyMember[]): number {
  const bySub = new Map<string, HierarchyMember[]>();
  for (const m of list) {
    const sub = m.areas.at(-4)!;
    bySub.set(sub, [...(bySub.get(sub) ?? []), m]);
  }
  let hidden = 0;
  for (const practices of bySub.values()) {
    const t = protectTable(rule, {
      cells: practices.map((m) => [m.numerator, m.denominator - m.numerator]),
      rowTotals: true,
      columnTotals: true,
    });
    for (const row of t.cells) for (const c of row) if (c.kind === 'suppressed') hidden++;
  }
  return hidden;
}

export default async function disclosureBench(h: Harness): Promise<void> {
  const practices = h.size(PRACTICES, 200);
  const where = places(practices);
  const sets = PREVALENCES.map((p, k) => members(where, p, 20 + k));
  const perPattern = (ms: number) =>
    console.log(`    → ${(ms / sets.length).toFixed(2)} ms per indicator and period`);

  // Same cells hidden by both versions (the tests check it on random hierarchies too).
  for (const list of sets)
    assert.deepEqual(hierarchyPattern(rule, list), hierarchyPatternReference(rule, list));

  h.group(
    `Disclosure patterns: ${sets.length} indicators × ${practices.toLocaleString('en-GB')} practices in PCNs, sub-ICB locations, ICBs, regions (rows = practices)`,
  );
  const rows = practices * sets.length;
  perPattern(
    (
      await h.baseline('per page: protectTable per sub-ICB location (old /releases)', rows, () =>
        sets.reduce((s, list) => s + perSubIcbTables(list), 0),
      )
    ).ms,
  );
  perPattern(
    (
      await h.task(
        'hierarchyPatternReference (first version)',
        rows,
        () => sets.reduce((s, list) => s + hierarchyPatternReference(rule, list).practices.size, 0),
        { warmup: () => sets.map((l) => hierarchyPatternReference(rule, l)) },
      )
    ).ms,
  );
  perPattern(
    (
      await h.task(
        'hierarchyPattern (typed arrays)',
        rows,
        () => sets.reduce((s, list) => s + hierarchyPattern(rule, list).practices.size, 0),
        { warmup: () => sets.map((l) => hierarchyPattern(rule, l)) },
      )
    ).ms,
  );

  // A visitor's first national scorecard: every indicator's two latest periods, nothing cached.
  const fresh = await freshPglite();
  try {
    const db = fresh.store.db;
    const indicators = SCORECARD_INDICATORS;
    const periods = ['2023-24', '2024-25'];
    await sql`INSERT INTO indicator (code, version, name, domain, type, numerator, denominator, multiplier,
        polarity, period_type, source, origin, computation, definition_hash, created_by)
      SELECT 'BENCH-' || k, 1, 'Bench indicator ' || k, 'Bench', 'proportion', 'n', 'd', 100,
        'no_judgement', 'financial_year', 'bench', 'expression', '{}'::jsonb, 'h' || k, 'bench'
      FROM generate_series(1, ${indicators}) AS k`.execute(db);
    const ids = (
      await db.selectFrom('indicator').select('id').where('code', 'like', 'BENCH-%').orderBy('id').execute()
    ).map((r) => r.id);
    const release = (await db
      .insertInto('release')
      .values({
        name: 'bench-disclosure',
        status: 'published',
        method_version: 'bench',
        inputs_fingerprint: 'bench',
        created_at: new Date(),
        results_checksum: 'bench',
        result_count: 0,
        created_by: 'bench',
      })
      .returningAll()
      .executeTakeFirstOrThrow()) as Release;
    for (const [k, id] of ids.entries())
      for (const period of periods) {
        const list = members(
          where,
          PREVALENCES[k % PREVALENCES.length]!,
          40 + k * 2 + periods.indexOf(period),
        );
        const rows = list.map((m, i) => ({
          release_id: release.id,
          indicator_id: id,
          period,
          area_kind: 'practice' as const,
          area_code: m.code,
          pcn_code: where[i]!.pcn,
          sub_icb_code: where[i]!.sub,
          icb_code: where[i]!.icb,
          region_code: where[i]!.region,
          numerator: m.numerator,
          denominator: m.denominator,
          value: m.denominator > 0 ? (100 * m.numerator) / m.denominator : null,
        }));
        // At most 65,535 parameters a statement.
        for (let at = 0; at < rows.length; at += 2000)
          await db
            .insertInto('result')
            .values(rows.slice(at, at + 2000) as never)
            .execute();
        await db
          .insertInto('result')
          .values({
            release_id: release.id,
            indicator_id: id,
            period,
            area_kind: 'country',
            area_code: ENGLAND,
          } as never)
          .execute();
      }
    const wanted = ids.flatMap((indicatorId) => periods.map((period) => ({ indicatorId, period })));
    const scorecardRows = wanted.length * practices;
    h.group(
      `A national scorecard, cold: ${indicators} indicators × ${periods.length} periods × ${practices.toLocaleString('en-GB')} practices from PGlite (rows = result rows)`,
    );
    await h.baseline('one row per practice (the first version’s query alone)', scorecardRows, () =>
      db
        .selectFrom('result')
        .select([
          'indicator_id',
          'period',
          'area_code',
          'numerator',
          'denominator',
          'pcn_code',
          'sub_icb_code',
          'icb_code',
          'region_code',
        ])
        .where('release_id', '=', release.id)
        .where('area_kind', '=', 'practice')
        .where('indicator_id', 'in', ids)
        .where('period', 'in', periods)
        .execute()
        .then((r) => r.length),
    );
    // Patterns of a published release are also kept in the database (migration 025): forget those too.
    const forgetKept = () =>
      db.deleteFrom('release_page_view').where('page', 'like', 'disclosure|%').execute();
    await h.task(
      'disclosurePatterns, nothing cached (query + 60 patterns, kept)',
      scorecardRows,
      async () => {
        forgetDisclosurePatterns();
        await forgetKept();
        const lookup = await disclosurePatterns(db, release, rule, wanted);
        return lookup(ids[0]!, periods[1]!).pattern.practices.size;
      },
    );
    await h.task('disclosurePatterns, kept in the database (a restarted server)', scorecardRows, async () => {
      forgetDisclosurePatterns();
      const lookup = await disclosurePatterns(db, release, rule, wanted);
      return lookup(ids[0]!, periods[1]!).pattern.practices.size;
    });
    await h.task('disclosurePatterns, cached', scorecardRows, async () => {
      const lookup = await disclosurePatterns(db, release, rule, wanted);
      return lookup(ids[0]!, periods[1]!).pattern.practices.size;
    });
    await h.task('warmDisclosurePatterns (one query per indicator)', scorecardRows, async () => {
      forgetDisclosurePatterns();
      await forgetKept();
      return warmDisclosurePatterns(db, rule);
    });
  } finally {
    forgetDisclosurePatterns();
    await fresh.dispose();
  }
}
