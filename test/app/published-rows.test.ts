// The rows of published releases kept in memory (src/app/benchmarking/published-rows.ts): drafts are
// always read afresh; a published release's rows are read once, shared frozen, within a bound.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { practiceResults, resultsOfPractices } from '../../src/app/benchmarking/page-queries.ts';
import { PublishedRows, publishedRows } from '../../src/app/benchmarking/published-rows.ts';
import { forEachDatabase } from '../support/databases.ts';

const published = { id: 1, status: 'published' } as const;
const draft = { id: 2, status: 'draft' } as const;

function counter(rows: () => { n: number }[]) {
  let reads = 0;
  return {
    load: async () => {
      reads++;
      return rows();
    },
    reads: () => reads,
  };
}

describe('PublishedRows', () => {
  it('reads a draft every time and a published release once', async () => {
    const cache = new PublishedRows(100);
    const c = counter(() => [{ n: 1 }]);
    await cache.rows(draft, 'k', c.load);
    await cache.rows(draft, 'k', c.load);
    assert.equal(c.reads(), 2);
    await cache.rows(published, 'k', c.load);
    const again = await cache.rows(published, 'k', c.load);
    assert.equal(c.reads(), 3);
    assert.deepEqual(again, [{ n: 1 }]);
  });

  it('keeps releases apart by id', async () => {
    const cache = new PublishedRows(100);
    await cache.rows(published, 'k', async () => [{ n: 1 }]);
    const other = await cache.rows({ id: 3, status: 'published' }, 'k', async () => [{ n: 3 }]);
    assert.deepEqual(other, [{ n: 3 }]);
  });

  it('shares one read between callers asking at once', async () => {
    const cache = new PublishedRows(100);
    const c = counter(() => [{ n: 1 }]);
    await Promise.all([1, 2, 3].map(() => cache.rows(published, 'k', c.load)));
    assert.equal(c.reads(), 1);
  });

  it('hands out frozen rows, so no caller can change them for the next viewer', async () => {
    const cache = new PublishedRows(100);
    const rows = (await cache.rows(published, 'k', async () => [{ n: 1 }])) as { n: number }[];
    assert.throws(() => {
      rows[0]!.n = 2;
    }, TypeError);
    assert.throws(() => rows.push({ n: 3 }), TypeError);
    assert.deepEqual(await cache.rows(published, 'k', async () => []), [{ n: 1 }]);
  });

  it('stays within its bound, dropping the least recently used, and keeps no set over a quarter of it', async () => {
    const cache = new PublishedRows(40);
    const ten = async () => Array.from({ length: 10 }, (_, n) => ({ n }));
    for (const k of ['a', 'b', 'c', 'd']) await cache.rows(published, k, ten);
    await cache.rows(published, 'a', ten); // a is now the most recent
    await cache.rows(published, 'e', ten); // drops b
    assert.equal(cache.stats().rows, 40);
    const c = counter(() => [{ n: 1 }]);
    await cache.rows(published, 'b', c.load);
    assert.equal(c.reads(), 1, 'b was dropped');
    const big = counter(() => Array.from({ length: 11 }, (_, n) => ({ n })));
    await cache.rows(published, 'big', big.load);
    await cache.rows(published, 'big', big.load);
    assert.equal(big.reads(), 2, 'a set over a quarter of the bound is not kept');
  });

  it('turned off (0), reads every time', async () => {
    const cache = new PublishedRows(0);
    const c = counter(() => [{ n: 1 }]);
    await cache.rows(published, 'k', c.load);
    await cache.rows(published, 'k', c.load);
    assert.equal(c.reads(), 2);
  });
});

describe('PublishedRows.rowsOfEach', () => {
  it('reads every code not kept yet in one load, keeps each, and answers in the order asked', async () => {
    const cache = new PublishedRows(100);
    await cache.rows(published, 'practice A', async () => [{ code: 'A', n: 1 }]);
    const asked: (readonly string[])[] = [];
    const load = async (missing: readonly string[]) => {
      asked.push(missing);
      return missing.flatMap((code) =>
        code === 'C'
          ? []
          : [
              { code, n: 2 },
              { code, n: 3 },
            ],
      );
    };
    const codeOf = (r: { code: string }) => r.code;
    const rows = await cache.rowsOfEach(published, 'practice', ['B', 'A', 'C', 'D'], codeOf, load);
    assert.deepEqual(asked, [['B', 'C', 'D']]);
    assert.deepEqual(
      rows.map((r) => `${r.code}${r.n}`),
      ['B2', 'B3', 'A1', 'D2', 'D3'],
    );
    await cache.rowsOfEach(published, 'practice', ['D', 'C', 'B', 'A'], codeOf, load);
    assert.equal(asked.length, 1, 'each code was kept, including C with no rows');
    assert.deepEqual(await cache.rows(published, 'practice B', async () => []), [
      { code: 'B', n: 2 },
      { code: 'B', n: 3 },
    ]);
    await cache.rowsOfEach(draft, 'practice', ['B'], codeOf, load);
    assert.deepEqual(asked.at(-1), ['B'], 'a draft is read afresh');
  });
});

// resultsOfPractices on a published release: the practices not kept yet are read by one query
// (issue 16; before, one query a practice). Counted by a plugin that sees every query compiled.
forEachDatabase('resultsOfPractices', (store) => {
  it('reads the practices not kept yet in one query, and none once each is kept', async () => {
    publishedRows.clear(); // the process's one cache: the other database's block used the same id
    let queries = 0;
    const db = store().db.withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const release = { id: 987_654, status: 'published' } as const;
    await practiceResults(db, release, 'P1');
    queries = 0;
    await resultsOfPractices(db, release, ['P1', 'P2', 'P3', 'P4']);
    assert.equal(queries, 1);
    await resultsOfPractices(db, release, ['P4', 'P3', 'P2', 'P1']);
    assert.equal(queries, 1);
  });
});
