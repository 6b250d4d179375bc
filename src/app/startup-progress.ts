// What a starting server is doing (issue 15, "serve at once"). `fairview serve` listens at once; while
// its first start opens the store, imports the demo's NHS files and computes the first releases, the
// web pages read this to say what is happening (the step, how far it is, about how long is left) and
// which pages can already be served: an area's pages are served as soon as the data they show is in.
//
// The time left is an estimate: the current step's rate so far, and for the steps still to come the
// durations measured on the 2-core machine the README describes, scaled by how fast this machine has
// been on the steps done. It is shown rounded ("about 3 minutes"), never as a promise.
import type { Clock } from './clock.ts';

/** The first start's steps, in order. A store that already holds its data goes through them at once. */
export const STARTUP_STEPS = [
  { id: 'open', title: 'Opening the database', expectedSeconds: 4 },
  { id: 'import', title: 'Importing the bundled NHS open data', expectedSeconds: 240 },
  { id: 'release', title: 'Computing the first release of every indicator', expectedSeconds: 420 },
  {
    id: 'stories',
    title: 'Setting up the governance, agreements, schemes and concerns examples',
    expectedSeconds: 40,
  },
  { id: 'later-release', title: 'Publishing the later release', expectedSeconds: 60 },
  { id: 'obligations', title: 'Playing the obligations and reminders through to today', expectedSeconds: 30 },
] as const;

export type StartupStepId = (typeof STARTUP_STEPS)[number]['id'];

/**
 * The parts of the service and the step after which their data is in: organisations and practices
 * once the NHS files are imported (sign-in too: the accounts are made then), benchmarking once the
 * first release is published, everything else once the examples are set up.
 */
export type StartupArea = 'always' | 'organisations' | 'benchmarking' | 'everything';

const READY_AFTER: Record<Exclude<StartupArea, 'always'>, StartupStepId> = {
  organisations: 'import',
  benchmarking: 'release',
  everything: 'obligations',
};

export interface StartupSnapshot {
  state: 'starting' | 'ready' | 'failed';
  /** 1-based number of the current step, and how many there are. */
  stepNumber: number;
  stepCount: number;
  stepTitle: string;
  /** What within the step (a file name, an indicator), if known. */
  detail: string | null;
  /** 0–1 through the current step, when it can be counted. */
  stepFraction: number | null;
  /** 0–1 through the whole start (by the expected durations). */
  overallFraction: number;
  /** Seconds since the start began. */
  elapsedSeconds: number;
  /** Estimated seconds left for the whole start; null when ready. */
  secondsLeft: number | null;
  /** Why the start failed, when it did. */
  failure: string | null;
}

/** Follows one start of the server. Every time it reads comes from the injected clock. */
export class StartupProgress {
  private index = 0;
  private detail: string | null = null;
  private fraction: number | null = null;
  private readonly began: number;
  private stepBegan: number;
  /** Seconds taken by each finished step. */
  private readonly taken: number[] = [];
  private state: StartupSnapshot['state'] = 'starting';
  private failure: string | null = null;
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly clock: Clock) {
    this.began = clock().getTime();
    this.stepBegan = this.began;
  }

  /** Moves to `step` (steps before it count as done; a step is never gone back to). */
  enter(step: StartupStepId, detail: string | null = null): void {
    const target = STARTUP_STEPS.findIndex((s) => s.id === step);
    if (target < this.index) return;
    const at = this.clock().getTime();
    while (this.index < target) {
      this.taken.push((at - this.stepBegan) / 1000);
      this.stepBegan = at;
      this.index += 1;
    }
    this.detail = detail;
    this.fraction = null;
    this.changed();
  }

  /** How far through the current step (0–1), with what is being done. */
  progress(fraction: number, detail: string | null = this.detail): void {
    this.fraction = Math.min(1, Math.max(0, fraction));
    this.detail = detail;
  }

  /** Every step done: every page is served. */
  ready(): void {
    const at = this.clock().getTime();
    while (this.taken.length < STARTUP_STEPS.length) {
      this.taken.push((at - this.stepBegan) / 1000);
      this.stepBegan = at;
    }
    this.index = STARTUP_STEPS.length;
    this.state = 'ready';
    this.detail = null;
    this.fraction = null;
    this.changed();
  }

  failed(reason: string): void {
    this.state = 'failed';
    this.failure = reason;
    this.changed();
  }

  isReady(): boolean {
    return this.state === 'ready';
  }

  /** True when the data of `area` is in (its step is done). */
  serves(area: StartupArea): boolean {
    if (area === 'always' || this.state === 'ready') return true;
    const after = STARTUP_STEPS.findIndex((s) => s.id === READY_AFTER[area]);
    return this.index > after;
  }

  /** Called after each change of step (the server warms caches when benchmarking becomes ready). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  snapshot(): StartupSnapshot {
    const now = this.clock().getTime();
    const count = STARTUP_STEPS.length;
    const i = Math.min(this.index, count - 1);
    const step = STARTUP_STEPS[i]!;
    const inStep = (now - this.stepBegan) / 1000;
    const totalExpected = STARTUP_STEPS.reduce((sum, s) => sum + s.expectedSeconds, 0);
    const doneExpected = STARTUP_STEPS.slice(0, this.index).reduce((sum, s) => sum + s.expectedSeconds, 0);
    const ready = this.state === 'ready';
    const fraction = ready ? null : this.fraction;
    const overall = ready ? 1 : (doneExpected + step.expectedSeconds * (fraction ?? 0)) / totalExpected;
    return {
      state: this.state,
      stepNumber: Math.min(this.index + 1, count),
      stepCount: count,
      stepTitle: ready ? 'Ready' : step.title,
      detail: ready ? null : this.detail,
      stepFraction: fraction,
      overallFraction: Math.min(1, overall),
      elapsedSeconds: (now - this.began) / 1000,
      secondsLeft: ready ? null : this.secondsLeft(i, inStep, fraction),
      failure: this.failure,
    };
  }

  private secondsLeft(i: number, inStep: number, fraction: number | null): number {
    // How fast this machine has been against the expected durations, from the steps that took time.
    let expected = 0;
    let taken = 0;
    for (const [k, seconds] of this.taken.entries()) {
      // Skipped steps (the data was already there) and short ones say little about the pace.
      if (seconds < 1 || STARTUP_STEPS[k]!.expectedSeconds < 30) continue;
      expected += STARTUP_STEPS[k]!.expectedSeconds;
      taken += seconds;
    }
    const pace = expected > 0 ? Math.min(4, Math.max(0.25, taken / expected)) : 1;
    const step = STARTUP_STEPS[i]!;
    const current =
      fraction !== null && fraction >= 0.05 && inStep >= 2
        ? (inStep * (1 - fraction)) / fraction
        : Math.max(0, step.expectedSeconds * pace - inStep);
    const later = STARTUP_STEPS.slice(i + 1).reduce((sum, s) => sum + s.expectedSeconds * pace, 0);
    return Math.max(1, current + later);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** "about 4 minutes", "about 40 seconds", "less than 10 seconds". */
export function aboutTime(seconds: number): string {
  if (seconds < 10) return 'less than 10 seconds';
  if (seconds < 90) return `about ${Math.round(seconds / 10) * 10} seconds`;
  const minutes = Math.round(seconds / 60);
  return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
}
