// Detects a file's format from its first row before the import starts, so that the batch row is
// written with its real format and publisher, a rejection can name the format, and a folder can be
// imported in a sensible order (organisations before the facts about them). readImport detects the
// format too, but only reports it once a part has been read to the end.
//
// Only the first 256 KB of raw bytes are read; a .gz or a .zip's first CSV entry is inflated to at
// most 4 MB (a header is a few hundred bytes; a decompression bomb must not get a gigabyte out of
// those 256 KB here). Any problem other than "this is not a format we know" is left to the full
// read, which reports it with more context.

import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { Unzip, UnzipInflate } from 'fflate';
import { CsvScanner } from './csv-scanner.ts';
import { detectFormatFromHeader } from './detect.ts';
import { ImportError } from './import-error.ts';
import type { FormatDefinition } from './reader.ts';

const PEEK_BYTES = 256 * 1024;
/** Inflated bytes enough for any header row, and little enough to hold in memory. */
const PEEK_INFLATED_BYTES = 4 * 1024 * 1024;
const ZIP_SLICE_BYTES = 16 * 1024;

/** The format of the file's first CSV, or null when the start of the file cannot tell. */
export async function peekFormat(path: string): Promise<FormatDefinition | null> {
  const raw = await readStart(path);
  if (raw === null) return null;
  const fileName = basename(path);
  const start = firstCsvBytes(raw, fileName);
  if (start === null) return null;
  return detectFirstRow(start.name, start.bytes);
}

async function readStart(path: string): Promise<Buffer | null> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(PEEK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, PEEK_BYTES, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return null; // unreadable: the full read reports it
  }
}

function firstCsvBytes(raw: Buffer, fileName: string): { name: string; bytes: Uint8Array } | null {
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    // Grow the input until the output is big enough for a header, never past the output cap.
    for (let size = 16 * 1024; ; size *= 4) {
      try {
        const bytes = gunzipSync(raw.subarray(0, size), {
          finishFlush: constants.Z_SYNC_FLUSH,
          maxOutputLength: PEEK_INFLATED_BYTES,
        });
        if (bytes.length >= 64 * 1024 || size >= raw.length) return { name: fileName, bytes };
      } catch {
        return null; // beyond the cap or corrupt: the full read says which
      }
    }
  }
  if (raw[0] === 0x50 && raw[1] === 0x4b && raw[2] === 0x03 && raw[3] === 0x04)
    return firstZipEntry(raw, fileName);
  return { name: fileName, bytes: raw };
}

function firstZipEntry(raw: Buffer, fileName: string): { name: string; bytes: Uint8Array } | null {
  let name: string | null = null;
  const parts: Uint8Array[] = [];
  const unzip = new Unzip((file) => {
    if (name !== null || !/\.csv$/i.test(file.name) || basename(file.name).startsWith('._')) return;
    name = file.name;
    file.ondata = (error, data) => {
      if (!error) parts.push(data);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  let inflated = 0;
  try {
    for (let at = 0; at < raw.length && inflated < PEEK_INFLATED_BYTES; at += ZIP_SLICE_BYTES) {
      unzip.push(raw.subarray(at, at + ZIP_SLICE_BYTES), false);
      inflated = parts.reduce((n, p) => n + p.length, 0);
    }
  } catch {
    // a cut-off entry: what was inflated so far is enough for the header
  }
  if (name === null) return null;
  return { name: `${fileName}!${name}`, bytes: Buffer.concat(parts) };
}

function detectFirstRow(file: string, bytes: Uint8Array): FormatDefinition | null {
  const found: { format: FormatDefinition | null } = { format: null };
  let seen = false;
  const scanner = new CsvScanner(file, (row) => {
    if (seen) return;
    seen = true;
    found.format = detectFormatFromHeader(file, row.texts(), row).format;
  });
  try {
    scanner.push(bytes);
  } catch (error) {
    // Unknown format is the answer we came for; anything after the first row is the full read's job.
    if (error instanceof ImportError && error.code === 'unknown_format') throw error;
    if (!seen) return null;
  }
  return found.format;
}
