/**
 * The one source of "now" for every use case. The web app, the CLI and the demo each hold one `Clock`
 * (the system clock in production, a fixed or moving one in tests) and pass the instant it gives to
 * the use cases they call; nothing in `src/app`, `src/domain` or `src/web` reads the wall clock
 * itself. A test (test/app/clock-injected.test.ts) keeps it so, and test/clock/shifted-clock.test.ts
 * runs the time-dependent tests with the wall clock years ahead and years behind to prove it.
 *
 * The only timestamps not taken from here are those the database stamps itself (the audit log and
 * import batches, `StampedByDatabase` in the store schema): a record of when a write really happened.
 */
export type Clock = () => Date;

/** The machine's clock: for entry points (server, CLI, demo) only. */
export const systemClock: Clock = () => new Date();

/** The UTC calendar day of an instant, as 'YYYY-MM-DD' (the form `date` columns are read in). */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}
