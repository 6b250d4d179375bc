/**
 * Single flight: callers asking the same question while it is being asked share the one answer
 * (issue 11, finding 9). With 200 visitors, the question "which release is the latest published one?"
 * was asked 200 times over PGlite's one session for every round of pages; now it is asked once per
 * round trip. A caller that arrives while a question is in flight gets an answer at most one query
 * old — the same as if it had arrived a few milliseconds earlier — and a question is never answered
 * from memory after its query has finished, so a publication committed by any process is seen by
 * every request that starts after the next query does.
 */
export class SingleFlight<K, V> {
  private readonly inFlight = new Map<K, Promise<V>>();

  run(key: K, ask: () => Promise<V>): Promise<V> {
    const flying = this.inFlight.get(key);
    if (flying) return flying;
    const answer = ask().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, answer);
    return answer;
  }

  /** Questions being asked now (tests). */
  size(): number {
    return this.inFlight.size;
  }
}
