// Deterministic pseudo-random numbers for the SYNTHETIC data generators (demo prescribing, demo QOF
// achievement, the benchmark's EPD month): the same seed gives the same numbers, so the same inputs
// write the same bytes and a second demo import is `unchanged`.
//
// mulberry32 (Tommy Ettinger's 32-bit generator, public domain): small, fast, good enough for made-up
// counts; not for anything secret.

/** A generator of numbers in [0, 1) from a 32-bit state. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A generator seeded by a text (a practice, month and code, say): the text's UTF-16 code units are
 * mixed into `start`. Each generator keeps its own `start`, so its files stay byte for byte the same.
 */
export function seededRandom(text: string, start: number): () => number {
  let state = start;
  for (const c of text) state = Math.imul(state ^ c.charCodeAt(0), 0x85ebca6b) >>> 0;
  return mulberry32(state);
}
