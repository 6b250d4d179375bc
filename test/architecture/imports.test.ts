// The arrows between rooms (../shared/ARCHITECTURE.md, issue 16): no import circle anywhere in src/, and
// no room imports one above it — stats and domain are pure, store and ingest know nothing of the use
// cases, the use cases nothing of their callers (the demo's seeding, web, cli), and the demo nothing
// of the web or the command line that start it. Read from the source text, so a type
// import counts too: a circle of types is still a circle for the reader.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true });
  const files = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    ),
  );
  return files.flat();
}

async function importGraph(): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  for (const file of await sourceFiles('src')) {
    const text = await readFile(join(ROOT, file), 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => normalize(join(dirname(file), m[1]!)));
    graph.set(file, targets);
  }
  return graph;
}

/** Every circle, as the files in it (Tarjan's strongly connected components of more than one file). */
function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** What each room may import besides itself (and packages). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  'src/stats': [],
  'src/domain': ['src/stats'],
  'src/ingest': ['src/stats', 'src/domain'],
  'src/store': ['src/stats', 'src/domain'],
  'src/app': ['src/stats', 'src/domain', 'src/ingest', 'src/store'],
  // The demo's seeding: a caller of the use cases, below the web and the command line that start it.
  'src/demo': ['src/stats', 'src/domain', 'src/ingest', 'src/store', 'src/app'],
};

const room = (file: string) => file.split('/').slice(0, 2).join('/');

describe('the arrows between rooms', () => {
  it('no import circle anywhere in src/', async () => {
    assert.deepEqual(circles(await importGraph()), []);
  });

  it('no room imports a room above it', async () => {
    const wrong: string[] = [];
    for (const [file, targets] of await importGraph()) {
      const allowed = MAY_IMPORT[room(file)];
      if (!allowed) continue; // web and cli sit on top
      for (const target of targets) {
        const to = room(target);
        if (to !== room(file) && !allowed.includes(to))
          wrong.push(`${file} → ${relative(ROOT, join(ROOT, target))}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  // The seam (issue 16): web reaches the store only through the use cases. It holds a `Db` handle
  // and read models from src/app/db.ts, and writes no query of its own.
  it('web imports nothing from the store and writes no SQL', async () => {
    const wrong: string[] = [];
    for (const [file, targets] of await importGraph()) {
      if (room(file) !== 'src/web') continue;
      for (const target of targets) if (room(target) === 'src/store') wrong.push(`${file} → ${target}`);
      const text = await readFile(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/\.(selectFrom|insertInto|updateTable|deleteFrom|with)\(|\bsql`/g))
        wrong.push(`${file}: ${m[0]}`);
    }
    assert.deepEqual(wrong, []);
  });
});
