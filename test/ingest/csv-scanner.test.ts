import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CsvScanner } from '../../src/ingest/csv-scanner.ts';
import { ImportError } from '../../src/ingest/import-error.ts';

interface Scanned {
  fields: string[];
  line: number;
}

function scan(input: string | Uint8Array, chunkSize = 1 << 20, fallback = false): Scanned[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input);
  const rows: Scanned[] = [];
  const scanner = new CsvScanner('test.csv', (row) => rows.push({ fields: row.texts(), line: row.line }));
  if (fallback) scanner.invalidUtf8 = 'windows-1252';
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    scanner.push(bytes.subarray(offset, offset + chunkSize));
  }
  scanner.end();
  return rows;
}

describe('The CSV scanner', () => {
  it('reads C1 controls in UTF-8 text (Windows-1252 once read as ISO-8859-1) as the Windows-1252 characters', () => {
    const rows = scan('name\nCardiovascular disease \u0096 primary prevention \u0093quoted\u0094 \u0080\n');
    assert.deepEqual(rows[1]!.fields, [
      'Cardiovascular disease \u2013 primary prevention \u201cquoted\u201d \u20ac',
    ]);
  });

  it('splits rows on LF, CRLF and a lone CR, and skips blank lines', () => {
    const rows = scan('a,b\r\n1,2\n\n3,4\r5,6');
    assert.deepEqual(
      rows.map((r) => r.fields),
      [
        ['a', 'b'],
        ['1', '2'],
        ['3', '4'],
        ['5', '6'],
      ],
    );
    assert.deepEqual(
      rows.map((r) => r.line),
      [1, 2, 4, 5],
    );
  });

  it('reads quoted fields with commas, doubled quotes and newlines, and counts lines inside them', () => {
    const rows = scan('name,note\n"Smith, J","said ""hi""\nand left"\nnext,row\n');
    assert.deepEqual(rows[1]!.fields, ['Smith, J', 'said "hi"\nand left']);
    assert.equal(rows[2]!.line, 4);
  });

  it('strips a UTF-8 byte order mark and trims unquoted fields but not quoted ones', () => {
    const rows = scan('\uFEFFIndicatorID , Value\n 93553 ," padded "\n');
    assert.deepEqual(rows[0]!.fields, ['IndicatorID', 'Value']);
    assert.deepEqual(rows[1]!.fields, ['93553', ' padded ']);
  });

  it('keeps a trailing empty field', () => {
    assert.deepEqual(scan('a,b,\n')[0]!.fields, ['a', 'b', '']);
    assert.deepEqual(scan('a,b,')[0]!.fields, ['a', 'b', '']);
  });

  it('decodes UTF-8 text', () => {
    assert.deepEqual(scan('Ysbyty Gwynedd – Bangor,£5\n')[0]!.fields, ['Ysbyty Gwynedd – Bangor', '£5']);
  });

  it('rejects Latin-1 bytes as the wrong encoding, naming the line and column', () => {
    const latin1 = Buffer.concat([
      Buffer.from('code,name\nA81001,Caf'),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);
    assert.throws(
      () => scan(latin1),
      (error: unknown) =>
        error instanceof ImportError &&
        error.code === 'wrong_encoding' &&
        error.line === 2 &&
        /test\.csv line 2, column 2: expected UTF-8 text/.test(error.message),
    );
  });

  it('reads Windows-1252 text when the caller allows the fallback', () => {
    const cp1252 = Buffer.concat([
      Buffer.from('a,'),
      Buffer.from([0x91]),
      Buffer.from('quoted'),
      Buffer.from([0x92]),
    ]);
    assert.deepEqual(scan(cp1252, 1 << 20, true)[0]!.fields, ['a', '\u2018quoted\u2019']);
  });

  it('reports an unterminated quote at the end as a truncated file', () => {
    assert.throws(
      () => scan('a,b\n1,"unfinished\n'),
      (error: unknown) => error instanceof ImportError && error.code === 'truncated' && error.line === 2,
    );
  });

  it('gives the same rows whatever the chunk boundaries', () => {
    const cell = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9 .]{0,6}$/).map((s) => s.trim()),
      fc.string({ maxLength: 6 }).map((s) => `"${s.replaceAll('"', '""')}"`),
      fc.constantFrom('é', '“x”', '"a,\r\nb"'),
    );
    const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(
        table,
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 7 }),
        (cells, eol, chunk) => {
          const text = cells.map((row) => row.join(',')).join(eol) + eol;
          assert.deepEqual(scan(text, chunk), scan(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});
