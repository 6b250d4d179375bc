// Issue 17 point 6: the sentence that counts a practice's flags (scorecard, print pack) and the better,
// worse, higher and lower counts written beside it come from one function, and agree; the rows it counts
// as flagged are the rows that offer "Raise a concern".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flagSummary, isFlaggedRow } from '../../src/web/pages/benchmarking/common.ts';

const rows = (...keys: string[]) => keys.map((key) => ({ comparison: { key } }));

describe('flagSummary', () => {
  const cases: { keys: string[]; sentence: string; flagged: number }[] = [
    { keys: [], sentence: '0 indicators; none flagged by the headline judgment.', flagged: 0 },
    {
      keys: ['similar', 'not_compared', 'similar'],
      sentence: '3 indicators; none flagged by the headline judgment.',
      flagged: 0,
    },
    {
      keys: ['worse', 'similar', 'better', 'worse', 'not_compared'],
      sentence: '5 indicators; 3 flagged by the headline judgment (1 better, 2 worse).',
      flagged: 3,
    },
    {
      keys: ['higher', 'lower', 'lower', 'similar'],
      sentence: '4 indicators; 3 flagged by the headline judgment (1 higher, 2 lower).',
      flagged: 3,
    },
    { keys: ['better'], sentence: '1 indicator; 1 flagged by the headline judgment (1 better).', flagged: 1 },
  ];
  for (const c of cases) {
    it(`${c.keys.join(', ') || 'no rows'}: "${c.sentence}"`, () => {
      const s = flagSummary(rows(...c.keys));
      assert.equal(s.sentence, c.sentence);
      assert.equal(s.flagged, c.flagged);
      // The total is the sum of the counts written beside it, and the rows offering a concern.
      assert.equal(s.byKey.better + s.byKey.worse + s.byKey.higher + s.byKey.lower, s.flagged);
      assert.equal(rows(...c.keys).filter(isFlaggedRow).length, s.flagged);
      const written = [...s.sentence.matchAll(/(\d+) (better|worse|higher|lower)/g)].reduce(
        (n, m) => n + Number(m[1]),
        0,
      );
      assert.equal(written, s.flagged);
    });
  }
});
