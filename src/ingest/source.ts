// Opens a published file as a stream of CSV byte chunks, whatever it came wrapped in: a plain
// .csv, a .csv.gz, or a .zip as NHS Digital publishes (every .csv entry, streamed without
// unpacking to disk). The container is recognised by its magic bytes, not its name, so a
// renamed file still opens. The sha256 of the raw bytes (the .zip/.gz itself) is computed on the
// way through: it is what identifies a re-imported file.
//
// Decompression is capped (LIMITS in limits.ts): an entry that inflates beyond
// `maxDecompressedBytes`, or beyond `maxCompressionRatio` times the compressed bytes read so far
// once `ratioCheckAfterBytes` have come out, is refused as it streams. Compressed bytes are fed to
// the zip inflater in small slices, so one push can never inflate more than ~17 MB at once.

import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import { Unzip, UnzipInflate } from 'fflate';
import { ImportError } from './import-error.ts';
import { LIMITS } from './limits.ts';

export type Container = 'csv' | 'gzip' | 'zip';

export interface SourceEntry {
  /** The CSV's own name: the file name, the .gz name without `.gz`, or the zip entry's name. */
  name: string;
  /** How errors name it: `file.csv`, `file.csv.gz`, `archive.zip!inner/entry.csv`. */
  displayName: string;
  chunks: AsyncIterable<Uint8Array>;
}

export interface Source {
  path: string;
  fileName: string;
  container: Container;
  sizeBytes: number;
  /** Raw (compressed) bytes read so far: progress is `bytesRead / sizeBytes`. */
  bytesRead(): number;
  /** Consume each entry's chunks fully before asking for the next entry. */
  entries(): AsyncIterable<SourceEntry>;
  /** sha256 hex of the raw file; null until the whole file has been read. */
  checksum(): string | null;
}

const CHUNK_BYTES = 256 * 1024;
/** Compressed bytes handed to the zip inflater at a time (deflate inflates at most ~1,032:1). */
const ZIP_SLICE_BYTES = 16 * 1024;

export async function openSource(path: string): Promise<Source> {
  const fileName = basename(path);
  let sizeBytes: number;
  let magic: Buffer;
  try {
    sizeBytes = (await stat(path)).size;
    magic = await readMagic(path);
  } catch (error) {
    throw unreadable(fileName, error);
  }
  const container = containerOf(magic);
  let bytesRead = 0;
  let digest: string | null = null;

  async function* rawChunks(hash: Hash): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
        const bytes = chunk as Buffer;
        hash.update(bytes);
        bytesRead += bytes.length;
        yield bytes;
      }
    } catch (error) {
      throw unreadable(fileName, error);
    }
    digest = hash.digest('hex');
  }

  async function* entries(): AsyncGenerator<SourceEntry> {
    bytesRead = 0;
    digest = null;
    const raw = rawChunks(createHash('sha256'));
    if (container === 'csv') {
      yield { name: fileName, displayName: fileName, chunks: raw };
    } else if (container === 'gzip') {
      const name = fileName.replace(/\.gz$/i, '');
      const guard = new InflationGuard(fileName, () => bytesRead);
      yield { name, displayName: fileName, chunks: guard.watch(gunzipChunks(raw, fileName)) };
    } else {
      yield* zipEntries(raw, fileName, () => bytesRead);
    }
  }

  return {
    path,
    fileName,
    container,
    sizeBytes,
    bytesRead: () => bytesRead,
    entries,
    checksum: () => digest,
  };
}

/** sha256 hex and size of a file's raw bytes, without parsing it (to recognise a re-import early). */
export async function fileChecksum(path: string): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
      hash.update(chunk as Buffer);
      sizeBytes += (chunk as Buffer).length;
    }
  } catch (error) {
    throw unreadable(basename(path), error);
  }
  return { sha256: hash.digest('hex'), sizeBytes };
}

async function readMagic(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function containerOf(magic: Buffer): Container {
  if (magic.length >= 2 && magic[0] === 0x1f && magic[1] === 0x8b) return 'gzip';
  if (magic.length >= 4 && magic[0] === 0x50 && magic[1] === 0x4b && magic[2] === 0x03 && magic[3] === 0x04) {
    return 'zip';
  }
  return 'csv';
}

async function* gunzipChunks(raw: AsyncIterable<Uint8Array>, fileName: string): AsyncGenerator<Uint8Array> {
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  const feeding = (async () => {
    try {
      for await (const chunk of raw) {
        if (!gunzip.write(chunk)) await new Promise((resolve) => gunzip.once('drain', resolve));
      }
      gunzip.end();
    } catch (error) {
      gunzip.destroy(error as Error);
    }
  })();
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw truncatedOrCorrupt(fileName, error);
  }
  await feeding;
}

type ZipEvent = { type: 'start'; name: string } | { type: 'data'; data: Uint8Array } | { type: 'end' };

async function* zipEvents(raw: AsyncIterable<Uint8Array>, fileName: string): AsyncGenerator<ZipEvent> {
  let queue: ZipEvent[] = [];
  let failure: unknown = null;
  const unzip = new Unzip((file) => {
    if (!isCsvEntry(file.name)) return; // never started: fflate skips its bytes
    queue.push({ type: 'start', name: file.name });
    file.ondata = (error, data, final) => {
      if (error) {
        failure = error;
        return;
      }
      if (data.length > 0) queue.push({ type: 'data', data });
      if (final) queue.push({ type: 'end' });
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const flush = function* (): Generator<ZipEvent> {
    if (failure) throw truncatedOrCorrupt(fileName, failure);
    const ready = queue;
    queue = [];
    yield* ready;
  };
  try {
    for await (const chunk of raw) {
      for (let at = 0; at < chunk.length; at += ZIP_SLICE_BYTES) {
        unzip.push(chunk.subarray(at, at + ZIP_SLICE_BYTES), false);
        yield* flush();
      }
    }
    unzip.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw truncatedOrCorrupt(fileName, error);
  }
  yield* flush();
}

async function* zipEntries(
  raw: AsyncIterable<Uint8Array>,
  fileName: string,
  compressedRead: () => number,
): AsyncGenerator<SourceEntry> {
  const events = zipEvents(raw, fileName);
  let found = 0;
  let next = await events.next();
  while (!next.done) {
    const event = next.value;
    if (event.type !== 'start') {
      next = await events.next();
      continue;
    }
    found++;
    const entryName = event.name;
    let ended = false;
    async function* entryChunks(): AsyncGenerator<Uint8Array> {
      for (;;) {
        const step = await events.next();
        if (step.done) break;
        if (step.value.type === 'data') yield step.value.data;
        else if (step.value.type === 'end') {
          ended = true;
          return;
        } else {
          next = step;
          break;
        }
      }
      throw new ImportError({
        code: 'truncated',
        file: `${fileName}!${entryName}`,
        line: null,
        column: null,
        expected: 'a complete zip entry',
        found: 'the end of the archive',
      });
    }
    const displayName = `${fileName}!${entryName}`;
    const chunks = new InflationGuard(displayName, compressedRead).watch(entryChunks());
    yield { name: basename(entryName), displayName, chunks };
    if (!ended) for await (const _ of chunks); // the consumer stopped early: skip the rest
    next = await events.next();
  }
  if (found === 0) {
    throw new ImportError({
      code: 'unknown_format',
      file: fileName,
      line: null,
      column: null,
      expected: 'a zip archive holding at least one .csv file',
      found: 'no .csv entry',
    });
  }
}

/**
 * Counts what one entry inflates to and refuses it past the caps. The ratio is taken against the
 * compressed bytes read from the file so far (for a zip, the whole archive up to here): generous to
 * a zip's later entries, and still a thousand times short of a bomb.
 */
class InflationGuard {
  private inflated = 0;

  constructor(
    private readonly file: string,
    private readonly compressedRead: () => number,
  ) {}

  /** The chunks, counted, and cut to at most CHUNK_BYTES (fflate hands over up to ~16 MB at once). */
  async *watch(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      for (let at = 0; at < chunk.length; at += CHUNK_BYTES) {
        const piece = chunk.length <= CHUNK_BYTES ? chunk : chunk.subarray(at, at + CHUNK_BYTES);
        this.inflated += piece.length;
        this.check();
        yield piece;
      }
    }
  }

  private check(): void {
    if (this.inflated > LIMITS.maxDecompressedBytes) {
      throw this.refuse(
        `at most ${gib(LIMITS.maxDecompressedBytes)} of uncompressed data`,
        `more than ${gib(LIMITS.maxDecompressedBytes)}`,
      );
    }
    if (this.inflated < LIMITS.ratioCheckAfterBytes) return;
    const ratio = this.inflated / Math.max(1, this.compressedRead());
    if (ratio > LIMITS.maxCompressionRatio) {
      throw this.refuse(
        `data compressed at most ${LIMITS.maxCompressionRatio}:1`,
        `${Math.round(ratio).toLocaleString('en-GB')}:1 after ${(this.inflated / 1024 ** 2).toFixed(0)} MB`,
      );
    }
  }

  private refuse(expected: string, found: string): ImportError {
    return new ImportError(
      { code: 'too_large', file: this.file, line: null, column: null, expected, found },
      'a decompression bomb or a damaged archive',
    );
  }
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(0)} GB`;
}

function isCsvEntry(name: string): boolean {
  return /\.csv$/i.test(name) && !name.startsWith('__MACOSX/') && !basename(name).startsWith('._');
}

function truncatedOrCorrupt(fileName: string, error: unknown): ImportError {
  return new ImportError(
    {
      code: 'truncated',
      file: fileName,
      line: null,
      column: null,
      expected: 'a complete compressed file',
      found: 'a truncated or corrupt archive',
    },
    error instanceof Error ? error.message : String(error),
  );
}

function unreadable(fileName: string, error: unknown): ImportError {
  return new ImportError(
    { code: 'unreadable_file', file: fileName, line: null, column: null, expected: null, found: null },
    error instanceof Error ? error.message : String(error),
  );
}
