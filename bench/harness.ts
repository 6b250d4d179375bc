/**
 * A tiny benchmark harness: times a named task, notes its memory, and prints it beside a baseline
 * measured in the same run on the same machine, so figures from a busy shared machine still compare.
 *
 * Memory is reported two ways, both honest about what Node can tell us without sampling inside a
 * synchronous task: "heap +MB" is the JS heap in use when the task ends minus what was in use after a
 * forced GC just before it (so it counts live results plus garbage not yet collected), and "peak RSS"
 * is the process's resident-set high-water mark after the task (it only grows through a run, so a
 * task shows a higher figure only if it pushed the peak up).
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

export interface Measurement {
  section: string;
  name: string;
  /** Rows (units of work) the task processes, for time per row and rows per second. */
  rows: number;
  /** Best wall time over the runs, milliseconds. */
  ms: number;
  heapDeltaMb: number;
  peakRssMb: number;
  isBaseline: boolean;
  /** Time divided by the section's baseline time (the baseline itself is 1). */
  ratio: number | null;
}

export interface HarnessOptions {
  /** Times each task runs; the best time is reported (default 1: the big tasks take seconds). */
  runs?: number;
  /** Multiplies problem sizes, e.g. 0.05 for a quick smoke run (bench modules read `h.scale`). */
  scale?: number;
  /** Rows of the generated input, for benchmarks that take it (prescribing: `--rows`). */
  rows?: number | null;
  /** Where the table goes (default stdout). */
  log?: (line: string) => void;
}

export interface TaskOptions {
  /** Run untimed first (e.g. the task on a small slice), so the JIT has compiled the hot code. */
  warmup?: () => unknown;
}

/** Results are kept here so the optimiser cannot drop a task whose value is unused. */
const sink: unknown[] = [];

export class Harness {
  readonly runs: number;
  readonly scale: number;
  readonly rows: number | null;
  readonly results: Measurement[] = [];
  private readonly log: (line: string) => void;
  private section = '';
  private baselineMs: number | null = null;

  constructor(options: HarnessOptions = {}) {
    this.runs = Math.max(1, options.runs ?? 1);
    this.scale = options.scale ?? 1;
    this.rows = options.rows ?? null;
    this.log = options.log ?? ((line) => console.log(line));
  }

  /** Scales a problem size, never below `min`. */
  size(full: number, min = 1): number {
    return Math.max(min, Math.round(full * this.scale));
  }

  /** Starts a titled group of measurements; the next `baseline` is what its tasks are compared with. */
  group(title: string): void {
    this.section = title;
    this.baselineMs = null;
    this.log('');
    this.log(title);
    this.log(header());
  }

  /** Measures the baseline for the current group: work that only touches the same input. */
  async baseline(
    name: string,
    rows: number,
    task: () => unknown,
    options: TaskOptions = {},
  ): Promise<Measurement> {
    await options.warmup?.();
    const m = await this.measure(name, rows, task, true);
    this.baselineMs = m.ms;
    m.ratio = 1;
    this.log(line(m));
    return m;
  }

  /** Measures a task and prints it with its ratio to the group's baseline. */
  async task(
    name: string,
    rows: number,
    task: () => unknown,
    options: TaskOptions = {},
  ): Promise<Measurement> {
    await options.warmup?.();
    const m = await this.measure(name, rows, task, false);
    m.ratio = this.baselineMs ? m.ms / this.baselineMs : null;
    this.log(line(m));
    return m;
  }

  private async measure(
    name: string,
    rows: number,
    task: () => unknown,
    isBaseline: boolean,
  ): Promise<Measurement> {
    let best = Number.POSITIVE_INFINITY;
    let heapDelta = 0;
    for (let run = 0; run < this.runs; run++) {
      sink.length = 0;
      collectGarbage();
      const heapBefore = process.memoryUsage().heapUsed;
      const start = performance.now();
      sink.push(await task());
      const ms = performance.now() - start;
      const heapAfter = process.memoryUsage().heapUsed;
      if (ms < best) {
        best = ms;
        heapDelta = heapAfter - heapBefore;
      }
    }
    const m: Measurement = {
      section: this.section,
      name,
      rows,
      ms: best,
      heapDeltaMb: heapDelta / 2 ** 20,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      isBaseline,
      ratio: null,
    };
    this.results.push(m);
    sink.length = 0;
    return m;
  }
}

const columns = ['task', 'rows', 'time', 'µs/row', 'rows/s', '× baseline', 'heap +MB', 'peak RSS MB'];
const widths = [52, 10, 10, 9, 12, 11, 9, 11];

function row(cells: string[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
}

function header(): string {
  return row(columns);
}

function fixed(x: number, digits: number): string {
  return x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function line(m: Measurement): string {
  const time = m.ms >= 1000 ? `${fixed(m.ms / 1000, 2)} s` : `${fixed(m.ms, 1)} ms`;
  return row([
    `${m.isBaseline ? '(baseline) ' : '  '}${m.name}`,
    fixed(m.rows, 0),
    time,
    fixed((m.ms * 1000) / m.rows, 3),
    fixed(m.rows / (m.ms / 1000), 0),
    m.ratio === null ? '' : `${fixed(m.ratio, 1)}×`,
    fixed(m.heapDeltaMb, 1),
    fixed(m.peakRssMb, 0),
  ]);
}

/** A seeded pseudo-random generator (mulberry32), so every run benchmarks the same data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
