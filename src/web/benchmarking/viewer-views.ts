// Views made for one viewer's disclosure control, kept a while in this process's memory: the one way
// the indicator page (load-indicator.ts) and the scorecard (load-scorecard.ts) keep what they made for
// a signed-in viewer, so that her next click is not answered by making it all again.
//
// A view is kept under everything it was made from: the release as made, the page and its parameters,
// the disclosure rule and the exact set of organisations the control opens (or "every figure" for an
// administrator), and the organisations' version. So it is only ever given to a viewer for whom the
// loader would make the very same view. A draft (which can be replaced) or a withheld control is never
// kept. Kept views are frozen (see `keep`): every request given one shares the object.
import type { DisclosureControl } from '../../app/benchmarking/disclosure.ts';
import type { PagesRelease } from '../../app/benchmarking/queries.ts';
import { ruleKey } from '../../domain/disclosure/index.ts';

/**
 * The key of a view made for `control` from `parts` (the page, its parameters and the view's shape),
 * or null when a view made for it is not to be kept.
 */
export function viewerViewKey(
  release: PagesRelease,
  control: DisclosureControl | null,
  parts: readonly (string | number)[],
): string | null {
  if (release.status !== 'published' || control?.withhold) return null;
  const whose = control
    ? `${ruleKey(control.rule)} open ${[...control.open].sort().join(',')}`
    : 'every figure';
  return [
    // The release as made (one process may hold two stores: the tests' two databases)
    release.id,
    release.results_checksum,
    new Date(release.created_at).getTime(),
    ...parts,
    whose,
    release.organisationsVersion,
  ].join('|');
}

/** The latest `limit` views kept, frozen; the oldest is handed to `onDropped` as it goes. */
export class KeptViews<V extends object> {
  readonly #views = new Map<string, V>();
  #served = 0;

  constructor(
    private readonly limit: number,
    private readonly onDropped: (key: string, view: V) => void = () => {},
  ) {}

  /** The view kept under `key` (now the latest), or undefined. */
  get(key: string): V | undefined {
    const view = this.#views.get(key);
    if (view) {
      this.#served++;
      this.#views.delete(key);
      this.#views.set(key, view);
    }
    return view;
  }

  /**
   * Keeps `view` as the latest under `key`, and returns it. It is frozen once the work queued now is
   * done (setImmediate), so after the request that made it has drawn its page: freezing England's 6,000
   * practices took ~30 ms of a signed-in viewer's first request of an indicator. Nothing changes a
   * view; freezing is there to make a change that would be a bug throw.
   */
  keep(key: string, view: V): V {
    this.#views.delete(key);
    this.#views.set(key, view);
    setImmediate(() => deepFreeze(view)).unref();
    if (this.#views.size > this.limit) {
      const [oldest, old] = this.#views.entries().next().value!;
      this.#views.delete(oldest);
      this.onDropped(oldest, old);
    }
    return view;
  }

  /** How many requests were given a kept view (tests). */
  get served(): number {
    return this.#served;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
