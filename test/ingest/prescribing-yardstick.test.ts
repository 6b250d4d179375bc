// The prescribing benchmark compares our reader with DuckDB's own read_csv + GROUP BY to the same grain
// (bench/prescribing-yardstick.ts). The yardstick must do the work it is named for: parse the five
// numbers and sum them per group. Written so that nothing used the sums, DuckDB's optimizer dropped them
// and read only the three key columns, and the benchmark compared the reader with a cheaper task.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { it } from 'node:test';
import { yardstickSql } from '../../bench/prescribing-yardstick.ts';
import { readPrescribing } from '../../src/ingest/prescribing-read.ts';
import { NHS_DATA } from '../support/nhs-data.ts';

const EXCERPT = join(NHS_DATA, 'prescribing/epd_201709.csv');

async function duckdb() {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  return { instance, connection: await instance.connect() };
}

it("the yardstick's plan reads and sums the five numbers per group", async () => {
  const { instance, connection } = await duckdb();
  try {
    const plan = (await connection.runAndReadAll(`explain ${yardstickSql(EXCERPT)}`))
      .getRows()
      .map((row) => String(row[1]))
      .join('\n');
    const grouped = plan.slice(plan.indexOf('HASH_GROUP_BY'));
    assert.equal(grouped.match(/sum\(/g)?.length, 5, plan);
    for (const column of ['ITEMS', 'TOTAL_QUANTITY', 'ADQUSAGE', 'NIC', 'ACTUAL_COST']) {
      assert.match(plan.slice(plan.indexOf('READ_CSV')), new RegExp(column), plan);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
});

it('the yardstick makes the groups and sums the reader makes, on the real excerpt', async () => {
  const { instance, connection } = await duckdb();
  let row: number[];
  try {
    row = (await connection.runAndReadAll(yardstickSql(EXCERPT))).getRows()[0]!.map(Number);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  const reading = readPrescribing(EXCERPT, { engine: 'js' });
  const totals = [0, 0, 0, 0, 0];
  let groups = 0;
  for await (const g of reading.groups) {
    groups += g.month.length;
    for (let k = 0; k < g.month.length; k++) {
      totals[0]! += g.items[k]!;
      totals[1]! += g.quantity[k]!;
      totals[2]! += g.adq[k] ?? 0;
      totals[3]! += g.nic[k]!;
      totals[4]! += g.cost[k]!;
    }
  }
  const [yGroups, yRows, ...ySums] = row;
  // The excerpt has no unidentified prescriber's rows (which the reader counts but does not sum).
  assert.equal(reading.summary.rowsSkipped, 0);
  assert.equal(yGroups, groups);
  assert.equal(yRows, reading.summary.rowsRead);
  ySums.forEach((sum, k) => {
    assert.ok(
      Math.abs(sum! - totals[k]!) <= 1e-6 * Math.max(1, Math.abs(sum!)),
      `sum ${k}: ${sum} against ${totals[k]}`,
    );
  });
});
