// copyFile sends a file in pieces, one COPY each, cut at row ends (src/store/copy-rows.ts): PGlite's
// worker gathers a whole COPY in memory, so a national prescribing month's groups file sent as one COPY
// was held several times over. A cut inside a quoted CSV field would split a row in two, so the cuts are
// checked on a file whose quoted fields hold newlines, commas and doubled quotes.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { copyFile, filePieces, rowEndIn } from '../../src/store/copy-rows.ts';
import { forEachDatabase } from '../support/databases.ts';

/** Rows whose text has, every few rows, a newline, a comma and a doubled quote inside its quotes. */
function csvRows(count: number): { text: string; rows: [number, string][] } {
  const rows: [number, string][] = [];
  let text = '';
  for (let i = 0; i < count; i++) {
    const note = i % 3 === 0 ? `line one\nline "two", ${i}` : `plain ${i}`;
    rows.push([i, note]);
    text += `${i},"${note.replaceAll('"', '""')}"\n`;
  }
  return { text, rows };
}

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fairview-copy-file-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('finds the last row end outside quotes, whichever side of a quote the chunk starts', () => {
  const bytes = Buffer.from('1,"a\nb"\n2,"c\nd');
  assert.equal(rowEndIn(bytes, true, false), 8); // after `1,"a\nb"\n`, not after `2,"c\n`
  assert.equal(rowEndIn(Buffer.from('b"\n2,"c'), true, true), 3); // starts inside the quotes of row 1
  assert.equal(rowEndIn(Buffer.from('"a\nb'), true, false), -1); // every newline is quoted
  assert.equal(rowEndIn(Buffer.from('1\t2\n3\t4\n5'), false, false), 8); // COPY text: every newline
  assert.equal(rowEndIn(Buffer.from('\nabc'), true, false), 1);
});

it('cuts a file into pieces that join back into it, each ending at a row end', async () => {
  const { text } = csvRows(3_000);
  const path = join(dir, 'pieces.csv');
  await writeFile(path, text);
  for (const pieceBytes of [1, 100, 4_096, 1 << 20]) {
    const pieces: string[] = [];
    for await (const piece of filePieces(path, true, pieceBytes))
      pieces.push(Buffer.concat(piece).toString());
    assert.equal(pieces.join(''), text, `${pieceBytes} bytes`);
    for (const piece of pieces) {
      assert.ok(piece.endsWith('\n'), `${pieceBytes} bytes: a piece ends at a newline`);
      assert.equal(
        (piece.match(/"/g) ?? []).length % 2,
        0,
        `${pieceBytes} bytes: no piece ends inside quotes`,
      );
    }
    if (pieceBytes <= 4_096) assert.ok(pieces.length > 10, `${pieceBytes} bytes: ${pieces.length} pieces`);
    else assert.equal(pieces.length, 1);
  }
});

forEachDatabase('copyFile in pieces', (store) => {
  it('copies every row of a file in many pieces inside a transaction, as one COPY would', async () => {
    const { text, rows } = csvRows(2_000);
    const path = join(dir, 'rows.csv');
    await writeFile(path, text);
    const copied = await store()
      .db.transaction()
      .execute(async (trx) => {
        await sql`create temp table copy_file_rows (n integer, note text) on commit drop`.execute(trx);
        const count = await copyFile(trx, 'copy_file_rows', ['n', 'note'], path, 'format csv', 4_096);
        const back = await sql<{
          n: number;
          note: string;
        }>`select n, note from copy_file_rows order by n`.execute(trx);
        return { count, back: back.rows.map((r): [number, string] => [r.n, r.note]) };
      });
    assert.equal(copied.count, rows.length);
    assert.deepEqual(copied.back, rows);
  });

  it('refuses to copy a file of more than one piece outside a transaction, before writing a row', async () => {
    const path = join(dir, 'outside.csv');
    await writeFile(path, csvRows(500).text);
    await sql`create table copy_file_outside (n integer, note text)`.execute(store().db);
    try {
      await assert.rejects(
        copyFile(store().db, 'copy_file_outside', ['n', 'note'], path, 'format csv', 1_024),
        /inside a transaction/,
      );
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from copy_file_outside`.execute(
        store().db,
      );
      assert.equal(rows[0]!.n, 0);
    } finally {
      await sql`drop table copy_file_outside`.execute(store().db);
    }
  });

  it('leaves nothing behind when a later piece fails: the transaction stands or falls whole', async () => {
    const path = join(dir, 'bad.csv');
    await writeFile(path, `${csvRows(1_000).text}oops,"not a number"\n`);
    await sql`create table copy_file_bad (n integer, note text)`.execute(store().db);
    try {
      await assert.rejects(
        store()
          .db.transaction()
          .execute((trx) => copyFile(trx, 'copy_file_bad', ['n', 'note'], path, 'format csv', 2_048)),
        /invalid input syntax for type integer/,
      );
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from copy_file_bad`.execute(
        store().db,
      );
      assert.equal(rows[0]!.n, 0);
    } finally {
      await sql`drop table copy_file_bad`.execute(store().db);
    }
  });
});
