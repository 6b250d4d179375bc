// The DuckDB reader keys its practice groups by a hash of the BNF code and learns each code (and its
// names) from a second grouping set (src/ingest/prescribing-duckdb.ts). presentationsOf reads that
// second set: two codes with one hash would have been summed together, so it must refuse them (the JS
// reader then reads the file) rather than hand on mixed groups.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { presentationsOf } from '../../src/ingest/prescribing-duckdb.ts';

const A = '0407020A0AAABAB';
const B = '0212000B0AAADAD';

it('refuses two BNF codes that share a hash', () => {
  const rows = [
    [11n, A, 'Tramadol', 'Tramadol hydrochloride', '04: Central Nervous System', false],
    [11n, B, 'Atorvastatin', 'Atorvastatin', '02: Cardiovascular System', false],
  ];
  assert.deepEqual(presentationsOf(rows), { fallback: 'two BNF codes share a hash' });
  // The same two codes under their own hashes are read.
  const own = presentationsOf([rows[0]!, [12n, ...rows[1]!.slice(1)]]);
  assert.ok(Array.isArray(own) && own.length === 2);
});

it('refuses a blank code of an identified practice, not of an unidentified prescriber', () => {
  assert.deepEqual(presentationsOf([[1n, null, null, null, null, false]]), {
    fallback: 'a blank BNF code: the JS reader names its line',
  });
  assert.deepEqual(presentationsOf([[1n, null, null, null, null, true]]), []);
});

it('names each code by the first name given, filling blanks from later rows, and skips codes only unidentified prescribers used', () => {
  const named = presentationsOf([
    [1n, A, null, 'Tramadol hydrochloride', null, false],
    [1n, A, 'Tramadol HCl_Cap 50mg', 'Other name', '04: Central Nervous System', false],
    [2n, B, 'Atorvastatin', 'Atorvastatin', '02: Cardiovascular System', true],
  ]);
  assert.deepEqual(named, [
    [A, 'Tramadol HCl_Cap 50mg', 'Tramadol hydrochloride', '04: Central Nervous System'],
  ]);
});

it('refuses a code the bulk checks refuse', () => {
  assert.deepEqual(presentationsOf([[1n, 'X', 'x', 'x', 'x', false]]), {
    fallback: 'a BNF code the bulk checks refuse',
  });
});
