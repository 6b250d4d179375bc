import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import type { FactRecord } from '../../src/domain/records.ts';
import { detectFile } from '../../src/ingest/read.ts';
import { fileChecksum, openSource } from '../../src/ingest/source.ts';
import { NHS, readAll, TempDir } from './support.ts';

const temp = new TempDir();
after(() => temp.remove());

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('Files are read the same whether plain, gzipped or zipped', () => {
  const plainPath = `${NHS}/qof/ORGANISATION_REFERENCE_1819_v2.csv`;
  const plain = readFileSync(plainPath);
  const mappings = readFileSync(`${NHS}/qof/INDICATOR_MAPPINGS_2020_2021.csv`);
  let expected: FactRecord[];

  before(async () => {
    expected = (await readAll(plainPath)).records;
  });

  it('reads a plain CSV and reports the sha256 and size of its bytes', async () => {
    const { records, summary } = await readAll(plainPath);
    assert.equal(records.length, 14135);
    assert.equal(summary.container, 'csv');
    assert.equal(summary.sizeBytes, plain.length);
    assert.equal(summary.checksum, sha256(plain));
    assert.deepEqual(await fileChecksum(plainPath), { sha256: sha256(plain), sizeBytes: plain.length });
  });

  it('reads a .csv.gz to identical records, with the checksum of the compressed bytes', async () => {
    const gz = gzipSync(plain);
    const path = temp.write('ORGANISATION_REFERENCE_1819_v2.csv.gz', gz);
    const { records, summary } = await readAll(path);
    assert.equal(summary.container, 'gzip');
    assert.equal(summary.checksum, sha256(gz));
    assert.equal(summary.parts[0]!.file, 'ORGANISATION_REFERENCE_1819_v2.csv.gz');
    assert.deepEqual(records, expected);
  });

  it('streams every CSV entry of a zip (skipping other entries) and names each part archive!entry', async () => {
    const zip = zipSync({
      'QOF_2021/ORGANISATION_REFERENCE_1819_v2.csv': plain,
      'QOF_2021/readme.txt': Buffer.from('not a CSV'),
      'QOF_2021/INDICATOR_MAPPINGS_2020_2021.csv': [mappings, { level: 0 }],
    });
    const path = temp.write('QOF2021.zip', zip);
    const { records, summary } = await readAll(path);
    assert.equal(summary.container, 'zip');
    assert.equal(summary.checksum, sha256(zip));
    assert.deepEqual(
      summary.parts.map((p) => [p.file, p.format.id, p.period]),
      [
        ['QOF2021.zip!QOF_2021/ORGANISATION_REFERENCE_1819_v2.csv', 'qof-organisation-reference', '2018-19'],
        ['QOF2021.zip!QOF_2021/INDICATOR_MAPPINGS_2020_2021.csv', 'qof-indicator-mappings', '2020-21'],
      ],
    );
    assert.deepEqual(records.slice(0, expected.length), expected);
    assert.equal(records.length, expected.length + 68);
  });

  it('detects the format of each part from its first row without reading the rest', async () => {
    const zip = zipSync({
      'a/INDICATOR_MAPPINGS_2020_2021.csv': mappings,
      'b/epraccur.csv': readFileSync(`${NHS}/ods/epraccur.csv`),
    });
    const parts = await detectFile(temp.write('mixed.zip', zip));
    assert.deepEqual(
      parts.map((p) => [p.file, p.format.id]),
      [
        ['mixed.zip!a/INDICATOR_MAPPINGS_2020_2021.csv', 'qof-indicator-mappings'],
        ['mixed.zip!b/epraccur.csv', 'ods-epraccur'],
      ],
    );
    assert.deepEqual(
      (await detectFile(`${NHS}/registrations/gp-reg-pat-prac-quin-age.csv`)).map((p) => p.format.id),
      ['gp-reg-quinary-age'],
    );
  });

  it('recognises the container by its bytes, not its name', async () => {
    const path = temp.write('renamed.csv', gzipSync(Buffer.from('a,b\n1,2\n')));
    assert.equal((await openSource(path)).container, 'gzip');
  });

  it('reports progress in raw bytes up to the file size', async () => {
    const gz = gzipSync(plain);
    const path = temp.write('progress-ORGANISATION_REFERENCE_1819.csv.gz', gz);
    const seen: number[] = [];
    await readAll(path, { onProgress: (p) => seen.push(p.bytesRead / p.totalBytes) });
    assert.ok(seen.length > 1);
    assert.equal(seen.at(-1), 1);
    assert.ok(seen.every((v, i) => i === 0 || v >= seen[i - 1]!));
  });

  it('rejects a zip with no CSV in it', async () => {
    const path = temp.write('nothing.zip', zipSync({ 'readme.txt': Buffer.from('hello') }));
    await assert.rejects(
      readAll(path),
      /nothing\.zip: expected a zip archive holding at least one \.csv file/,
    );
  });
});
