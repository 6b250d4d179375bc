// What a page draws from a view object, kept with that object: the view kept for a signed-in viewer
// (src/web/benchmarking/load-indicator.ts) is the same frozen object on each of her requests, so her
// charts and the pages of her table are drawn once, not on each click. Each piece is kept under
// everything else it is drawn from (the key); a view no longer held takes its drawings with it (the
// WeakMap), and a view keeps at most DRAWINGS of them (or the `limit` given), the oldest dropped first.
// The page frame's bytes are kept the same way with the content they frame (layout.ts, pageBytes).
import type { Html } from './html.ts';

const DRAWINGS = 32;

export type Drawings<O extends object, D = Html> = WeakMap<O, Map<string, D>>;

/** `draw()`, or what it drew before for `owner` under `key`. */
export function drawnOnce<O extends object, D = Html>(
  drawings: Drawings<O, D>,
  owner: O,
  key: string,
  draw: () => D,
  limit = DRAWINGS,
): D {
  let kept = drawings.get(owner);
  if (!kept) {
    kept = new Map();
    drawings.set(owner, kept);
  }
  let drawn = kept.get(key);
  if (!drawn) {
    drawn = draw();
    kept.set(key, drawn);
    if (kept.size > limit) kept.delete(kept.keys().next().value!);
  }
  return drawn;
}
