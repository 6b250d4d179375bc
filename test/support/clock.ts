// The instant the time-dependent tests happen at. Fixed, so that no test depends on the day it runs
// (test/clock/shifted-clock.test.ts runs them with the wall clock ten years either way). Made from a
// value, so a moved wall clock does not move it.
export const TEST_NOW = new Date('2026-11-24T09:00:00Z');
export const TEST_TODAY = '2026-11-24';
