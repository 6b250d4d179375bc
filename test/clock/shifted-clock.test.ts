// Issue 19: the suite failed from 6 December 2026 because sign-out read the wall clock while the test's
// clock was fixed. Every use case now takes its time from the injected clock (src/app/clock.ts); this
// test proves no time-dependent test depends on the day it runs, by running them again with the wall
// clock ten years ahead and ten years behind (test/support/shifted-clock.ts), on PGlite.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/** The tests that fix or move the application's clock, or whose steps carry dates. */
export const TIME_DEPENDENT_TESTS = [
  'test/web/sign-in.test.ts',
  'test/web/accounts.test.ts',
  'test/web/governance.test.ts',
  'test/web/agreements.test.ts',
  'test/app/agreements-demo.test.ts',
  'test/app/concerns.test.ts',
  'test/app/concerns-demo.test.ts',
  'test/app/openness.test.ts',
  'test/app/scheme-approval.test.ts',
  'test/app/notifications-smtp.test.ts',
  'test/app/obligations.test.ts',
  'test/app/scheduler.test.ts',
];

const root = fileURLToPath(new URL('../../', import.meta.url));

function runShifted(days: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        './test/support/shifted-clock.ts',
        '--test',
        '--test-reporter=dot',
        '--test-concurrency=2',
        ...TIME_DEPENDENT_TESTS,
      ],
      {
        cwd: root,
        env: {
          ...process.env,
          FAIRVIEW_TEST_CLOCK_SHIFT_DAYS: String(days),
          FAIRVIEW_TEST_DATABASES: 'pglite',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('no test depends on the day it runs', () => {
  for (const [label, days] of [
    ['ten years ahead', 3_653],
    ['ten years behind', -3_653],
  ] as const) {
    it(`passes the time-dependent tests with the wall clock ${label}`, { timeout: 15 * 60_000 }, async () => {
      const { code, output } = await runShifted(days);
      assert.equal(
        code,
        0,
        `the time-dependent tests failed with the clock ${label}:\n${output.slice(-6000)}`,
      );
    });
  }

  it('really moves the clock in the child process', async () => {
    const probe = await new Promise<string>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '--import',
          './test/support/shifted-clock.ts',
          '-e',
          'console.log(JSON.stringify([Date.now(), new Date().getTime(), new Date(0).getTime(), new Date(0) instanceof Date]))',
        ],
        {
          cwd: root,
          env: { ...process.env, FAIRVIEW_TEST_CLOCK_SHIFT_DAYS: '-3653' },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.on('close', () => resolve(out.trim()));
    });
    const [now, made, epoch, isDate] = JSON.parse(probe) as [number, number, number, boolean];
    const expected = Date.now() - 3_653 * 86_400_000;
    assert.ok(
      Math.abs(now - expected) < 60_000,
      `Date.now() moved by ten years (${new Date(now).toISOString()})`,
    );
    assert.ok(Math.abs(made - expected) < 60_000, 'new Date() moved too');
    assert.equal(epoch, 0, 'a date made from a value is not moved');
    assert.equal(isDate, true);
  });
});
