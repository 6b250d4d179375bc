// The prescribing benchmark's yardstick: DuckDB's own read_csv + GROUP BY of an EPD month to the
// reader's grain (month × practice × BNF presentation), with the five sums the reader makes.
//
// The outer query consumes every sum on purpose. Written as `select count(*), sum(n) from (… group
// by …)`, DuckDB's optimizer drops the unused sums and reads only the three key columns (EXPLAIN shows
// READ_CSV projecting YEAR_MONTH, PRACTICE_CODE and BNF_CODE, and count_star as the only aggregate):
// it then measures grouping, not summing, and never parses a number (docs/decisions.md, "The
// prescribing yardstick sums what the reader sums"). test/ingest/prescribing-yardstick.test.ts keeps
// the plan honest.

/** The yardstick's query over `file`: one row of (groups, rows, items, quantity, ADQ, NIC, cost). */
export function yardstickSql(file: string): string {
  return `
    select count(*) as groups, sum(n) as rows, sum(i) as items, sum(q) as quantity, sum(a) as adq,
      sum(nic) as nic, sum(cost) as cost
    from (
      select count(*) as n, sum(ITEMS) as i, sum(TOTAL_QUANTITY) as q, sum(ADQUSAGE) as a, sum(NIC) as nic,
        sum(ACTUAL_COST) as cost
      from read_csv('${file.replaceAll("'", "''")}', header = true)
      group by YEAR_MONTH, PRACTICE_CODE, BNF_CODE)`;
}
