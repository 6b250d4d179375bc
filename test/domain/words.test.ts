import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inSentence } from '../../src/domain/words.ts';

describe('a label inside a sentence', () => {
  for (const [label, expected] of [
    ['GMS/PMS contract management', 'GMS/PMS contract management'],
    ['Local QOF-alternative schemes', 'local QOF-alternative schemes'],
    ['NHS England area team', 'NHS England area team'],
    ['Practice manager', 'practice manager'],
    ['Observer (Healthwatch or local authority)', 'observer (Healthwatch or local authority)'],
    ['', ''],
  ] as const)
    it(`“${label}” → “${expected}”`, () => assert.equal(inSentence(label), expected));
});
