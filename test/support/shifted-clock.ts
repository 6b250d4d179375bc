// Loaded with `node --import` by test/clock/shifted-clock.test.ts: moves this process's wall clock
// by FAIRVIEW_TEST_CLOCK_SHIFT_DAYS (negative for the past). `new Date()` and `Date.now()` see the
// moved clock; dates made from a value, timers and the database server's clock do not. A test that
// fixes the application's clock and still changes its outcome under a moved wall clock has found
// code that reads the wall clock instead of the injected one (src/app/clock.ts).
const days = Number(process.env.FAIRVIEW_TEST_CLOCK_SHIFT_DAYS ?? '0');
if (!Number.isFinite(days)) throw new Error('FAIRVIEW_TEST_CLOCK_SHIFT_DAYS must be a number of days');
const shiftMs = days * 86_400_000;
const RealDate = Date;

class ShiftedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + shiftMs);
    else super(...(args as [string | number | Date]));
  }
  static override now(): number {
    return RealDate.now() + shiftMs;
  }
}
// Dates made by Node itself (file times) or before this module ran are still dates.
Object.defineProperty(ShiftedDate, Symbol.hasInstance, { value: (v: unknown) => v instanceof RealDate });
globalThis.Date = ShiftedDate as DateConstructor;
