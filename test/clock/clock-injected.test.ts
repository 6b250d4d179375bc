// Issue 19: every use case takes its time from the one injected clock (src/app/clock.ts). The wall
// clock may be read in one place only; durations use performance.now(), which is not a date.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
/** `new Date()` with no argument, `Date.now()`, or `Date()` called as a function. */
const WALL_CLOCK = /new Date\(\s*\)|\bDate\.now\(\)|(?<![\w.])Date\(\s*\)/;
const ALLOWED = new Set(['app/clock.ts']);

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(path)));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

describe('the clock', () => {
  it('is read only in src/app/clock.ts', async () => {
    const offenders: string[] = [];
    for (const file of await sources(SRC)) {
      const name = relative(SRC, file);
      if (ALLOWED.has(name)) continue;
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines.forEach((line, i) => {
        if (WALL_CLOCK.test(line)) offenders.push(`src/${name}:${i + 1}: ${line.trim()}`);
      });
    }
    assert.deepEqual(offenders, [], 'read the time from the injected Clock instead');
  });

  it('would catch a wall-clock read', () => {
    for (const line of ['const t = new Date();', 'x = Date.now() - y', 'const s = Date();'])
      assert.match(line, WALL_CLOCK);
    for (const line of ["new Date('2026-11-24')", 'new Date(ms)', 'performance.now()', 'utcDate(now)'])
      assert.doesNotMatch(line, WALL_CLOCK);
  });
});
