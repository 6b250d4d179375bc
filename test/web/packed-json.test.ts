// The kept views' packing (src/web/benchmarking/packed-json.ts): whatever goes in, what comes back is
// exactly JSON.parse(JSON.stringify(value)) — the values, their keys in order, nulls where JSON has
// them — and tables are packed by column.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../../src/domain/seeded-random.ts';
import { packJson, unpackJson } from '../../src/web/benchmarking/packed-json.ts';

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

function roundTrips(value: unknown, what: string): void {
  assert.deepStrictEqual(unpackJson(packJson(value)), asJson(value), what);
}

/** Rows sharing their keys: a table (eight rows or more). */
const rows = (n: number, row: (i: number) => object): object[] => Array.from({ length: n }, (_, i) => row(i));

describe('packed JSON', () => {
  it('gives back what JSON gives back, case by case', () => {
    const cases: [string, unknown][] = [
      ['scalars', { a: 1, b: 'x', c: true, d: null, e: 1.5e-300, f: -(2 ** 60) }],
      ['what JSON leaves out or changes', { u: undefined, f: () => 1, n: Number.NaN, i: -Infinity, z: -0 }],
      [
        'toJSON',
        { when: new Date(Date.UTC(2026, 11, 7)), custom: { toJSON: () => ({ made: 'by toJSON' }) } },
      ],
      ['arrays that begin with the tags', [0, 1, [0], [1, 2], [], [[]]]],
      ['a key named __proto__', JSON.parse('{"__proto__": {"x": 1}, "y": [{"__proto__": 2}]}')],
      [
        'a table of numbers, booleans, words and nulls',
        rows(20, (i) => ({
          n: i % 3 === 0 ? null : i / 7,
          b: i % 4 === 0 ? null : i % 2 === 0,
          w: i % 5 === 0 ? null : ['high', 'low'][i % 2],
          name: `practice ${i}`,
          z: i === 3 ? -0 : i,
        })),
      ],
      [
        'a table whose rows nest objects sharing their keys',
        rows(12, (i) => ({
          code: `A${i}`,
          flag: { key: i % 2 ? 'higher' : 'similar', level: i % 2 ? '95%' : null, z: i % 3 ? i * 0.1 : null },
          points: [i, { x: i }],
        })),
      ],
      ['rows whose keys differ in order', rows(10, (i) => (i === 9 ? { b: 1, a: 2 } : { a: 1, b: 2 }))],
      ['rows one of which lacks a key', rows(10, (i) => (i === 4 ? { a: 1 } : { a: 1, b: 2 }))],
      [
        'a key undefined in one row (JSON leaves it out)',
        rows(10, (i) => ({ a: i, b: i === 2 ? undefined : i })),
      ],
      ['a column of mixed types', rows(10, (i) => ({ a: i % 2 ? 'one' : 1, b: i % 3 ? [i] : { i } }))],
      ['nested objects, one null', rows(10, (i) => ({ o: i === 5 ? null : { k: i } }))],
      ['nested objects whose keys differ', rows(10, (i) => ({ o: i === 5 ? { j: i } : { k: i } }))],
      [
        'a table of tables',
        rows(9, (i) => ({ inner: rows(9, (j) => ({ v: i * j, s: j % 2 ? 'odd' : 'even' })) })),
      ],
      ['a short array of objects (left plain)', rows(3, (i) => ({ a: i }))],
      ['rows with no keys', rows(10, () => ({}))],
      ['an array of arrays', rows(10, (i) => [i, `${i}`]) as unknown],
      ['a lone string', 'just words'],
      ['null', null],
      [
        'strings beyond the ASCII',
        rows(10, (i) => ({ s: `Ysbyty ${'ŵ'.repeat(i)} 💊`, t: '"quoted" \\ \n' })),
      ],
    ];
    for (const [what, value] of cases) roundTrips(value, what);
  });

  it('gives back what JSON gives back for random values (seeded)', () => {
    const random = mulberry32(20261207);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const scalar = (): unknown =>
      pick([
        () => null,
        () => random() < 0.5,
        () => (random() - 0.5) * 10 ** Math.floor(random() * 30),
        () => Math.floor(random() * 100),
        () => pick(['a', 'b', 'c', 'longer words', '']),
        () => `s${Math.floor(random() * 1e6)}`,
        () => pick([undefined, Number.NaN, Infinity, -0]),
      ])();
    const value = (depth: number): unknown => {
      const r = random();
      if (depth > 3 || r < 0.4) return scalar();
      if (r < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      if (r < 0.75) {
        const keys = ['a', 'b', 'c', 'd'].filter(() => random() < 0.7);
        return Object.fromEntries(keys.map((k) => [k, value(depth + 1)]));
      }
      // A table: rows sharing keys, a few of them spoiled.
      const keys = ['code', 'value', 'flag', 'nested'].filter(() => random() < 0.8);
      return Array.from({ length: 8 + Math.floor(random() * 20) }, () => {
        const row = Object.fromEntries(
          keys.map((k) => [k, k === 'nested' ? { x: scalar(), y: scalar() } : scalar()]),
        );
        if (random() < 0.05) delete row[pick(keys) ?? 'code'];
        return row;
      });
    };
    for (let i = 0; i < 500; i++) roundTrips(value(0), `random value ${i}`);
  });

  it('packs a table by column: numbers as floats, repeated words once', () => {
    const table = rows(1000, (i) => ({
      code: `P${String(i).padStart(5, '0')}`,
      value: i / 3,
      text: i % 2 ? 'Higher than England (99.8%)' : 'Similar to England',
    }));
    const packed = packJson(table);
    const json = Buffer.byteLength(JSON.stringify(table));
    assert.ok(packed.length < json / 2, `${packed.length} bytes packed, ${json} as JSON`);
    assert.equal(
      packed.toString('latin1').split('Higher than England').length - 1,
      1,
      'each word written once',
    );
    roundTrips(table, 'the table');
  });
});
