// The measures' values are computed in SQL (src/app/prescribing/measure-values.ts); the rules are the
// pure functions of src/domain/prescribing. Here every stored ratio, percentile rank, saving and
// decile is checked against those functions, on made-up sums chosen to exercise the edges: ties,
// a zero denominator, a practice without a list size, a month where one practice has a value.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { measuresFingerprint } from '../../src/app/prescribing/measure-sums.ts';
import { loadMeasures, recomputeMeasures } from '../../src/app/prescribing/measures.ts';
import {
  costSaving,
  deciles,
  percentileOfSorted,
  percentileRank,
} from '../../src/domain/prescribing/deciles.ts';
import { measureRatio } from '../../src/domain/prescribing/measure.ts';
import { forEachDatabase } from '../support/databases.ts';

const MONTHS = ['2025-08-01', '2025-09-01'];
const PRACTICES = Array.from({ length: 40 }, (_, i) => `P${String(i).padStart(5, '0')}`);

function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

forEachDatabase('measure values in SQL', (store) => {
  it('stores the ratios, ranks, savings and deciles the domain rules give', async () => {
    const db = store().db;
    const measures = (await loadMeasures()).filter(
      (m) => m.denominator.kind === 'bnf' || m.denominator.population === 'list_size',
    );
    const batch = await db
      .insertInto('import_batch')
      .values({
        file_name: 't',
        checksum: 't',
        format: 'epd',
        publisher: 't',
        period: null,
        imported_by: 't',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Every practice but the last has a list size.
    await db
      .insertInto('list_size')
      .values(
        PRACTICES.slice(0, -1).map((p, i) => ({
          practice_code: p,
          extract_date: '2025-04-01',
          patients: 1000 + i * 37,
          batch_id: batch.id,
        })),
      )
      .execute();
    const sums: {
      month: string;
      measure_id: string;
      practice_code: string;
      numerator: number;
      numerator_cost: number;
      denominator: number | null;
    }[] = [];
    for (const [k, month] of MONTHS.entries()) {
      for (const m of measures) {
        // The second month: only one practice prescribes (percentile rank 50, no saving).
        const practices = k === 0 ? PRACTICES : PRACTICES.slice(0, 1);
        for (const [i, practice] of practices.entries()) {
          const numerator = (i * 7) % 5; // ties on purpose
          sums.push({
            month,
            measure_id: m.id,
            practice_code: practice,
            numerator,
            numerator_cost: numerator * 2.5,
            // A zero BNF denominator for the third practice: no value.
            denominator: m.denominator.kind === 'bnf' ? (i === 2 ? 0 : 10 + (i % 4)) : null,
          });
        }
      }
    }
    await db
      .insertInto('prescribing_month')
      .values(
        MONTHS.map((month) => ({
          month,
          import_batch_id: batch.id,
          rows_read: 0,
          groups: 0,
          practices: 0,
          unknown_practices: 0,
          items: 0,
          actual_cost: 0,
          measure_sums: measuresFingerprint(measures),
        })),
      )
      .execute();
    await db.insertInto('prescribing_measure_sum').values(sums).execute();
    const outcome = await recomputeMeasures(store(), { measures });
    assert.equal(outcome.values, sums.length);

    const stored = await db.selectFrom('prescribing_measure_value').selectAll().execute();
    const storedDeciles = await db.selectFrom('prescribing_measure_decile').selectAll().execute();
    let checked = 0;
    for (const m of measures) {
      for (const month of MONTHS) {
        const rows = sums.filter((s) => s.measure_id === m.id && s.month === month);
        const lists = new Map(PRACTICES.slice(0, -1).map((p, i) => [p, 1000 + i * 37]));
        const ratios = rows.map((s) =>
          measureRatio(
            m,
            s.numerator,
            m.denominator.kind === 'bnf' ? s.denominator! : (lists.get(s.practice_code) ?? 0),
          ),
        );
        const sorted = ratios.filter((r): r is number => r !== null).sort((a, b) => a - b);
        const p10 = sorted.length > 0 ? percentileOfSorted(sorted, 10) : null;
        const decile = storedDeciles.find((d) => d.measure_id === m.id && String(d.month) === month);
        const expected = deciles(sorted);
        if (expected === null) assert.equal(decile, undefined);
        else {
          assert.equal(decile?.practices, sorted.length);
          const got = (
            typeof decile!.deciles === 'string' ? JSON.parse(decile!.deciles) : decile!.deciles
          ) as number[];
          assert.ok(
            got.every((v, j) => close(v, expected[j]!)),
            `${m.id} ${month} deciles ${got} ≠ ${expected}`,
          );
        }
        for (const [i, s] of rows.entries()) {
          const v = stored.find(
            (r) => r.measure_id === m.id && String(r.month) === month && r.practice_code === s.practice_code,
          );
          assert.ok(v, `${m.id} ${month} ${s.practice_code} stored`);
          const ratio = ratios[i]!;
          const what = `${m.id} ${month} ${s.practice_code}`;
          assert.ok(
            close(v.ratio === null ? null : Number(v.ratio), ratio),
            `${what} ratio ${v.ratio} ≠ ${ratio}`,
          );
          const rank = ratio === null ? null : percentileRank(sorted, ratio);
          assert.ok(
            close(v.percentile === null ? null : Number(v.percentile), rank),
            `${what} percentile ${v.percentile} ≠ ${rank}`,
          );
          const saving = m.polarity === 'low_is_good' ? costSaving(ratio, s.numerator_cost, p10) : 0;
          assert.ok(close(Number(v.saving), saving), `${what} saving ${v.saving} ≠ ${saving}`);
          checked++;
        }
      }
    }
    assert.equal(checked, sums.length);
    // The practice without a list size has no value on a population measure.
    const unlisted = await sql<{ n: number }>`
      select count(*)::int as n from prescribing_measure_value
      where practice_code = ${PRACTICES.at(-1)!} and ratio is not null
        and measure_id in (${sql.join(measures.filter((m) => m.denominator.kind === 'population').map((m) => m.id))})`.execute(
      db,
    );
    assert.equal(unlisted.rows[0]!.n, 0);
  });
});
