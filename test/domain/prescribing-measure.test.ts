// The pure parts of prescribing: BNF code parts, pattern matching, measure validation, deciles and
// the saving at the 10th percentile, as small tables of inputs and expected outputs.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bnfParts, chapterName, isBnfCode } from '../../src/domain/prescribing/bnf.ts';
import { costSaving, deciles, percentile } from '../../src/domain/prescribing/deciles.ts';
import { matchesPattern, parseMeasure, selects } from '../../src/domain/prescribing/measure.ts';

it('derives chemical, paragraph, section and chapter from a BNF code', () => {
  assert.deepEqual(bnfParts('0703021Q0BBAAAA'), {
    chemical: '0703021Q0',
    paragraph: '070302',
    section: '0703',
    chapter: '07',
  });
  for (const [code, ok] of [
    ['0501013B0AAABAB', true],
    ['2001010A0', true],
    ['NOT-A-CODE', false],
    ['05', false],
    ['0501013b0AAABAB', false],
  ] as const)
    assert.equal(isBnfCode(code), ok, code);
  assert.equal(
    chapterName('07: Obstetrics, Gynaecology and Urinary-Tract Disorders'),
    'Obstetrics, Gynaecology and Urinary-Tract Disorders',
  );
  assert.equal(chapterName(''), null);
});

it('matches prefixes and prefix%ending patterns, with exclusions', () => {
  const table: [string, string, boolean][] = [
    ['0501013K0AAAAAA', '0501013K0', true],
    ['0501013K0AAAAAA', '050102', false],
    ['0205040D0BBABAQ', '0205040D0%AQ', true],
    ['0205040D0AAAQAR', '0205040D0%AQ', false],
    ['0205040D0AQ', '0205040D0%AQ', true],
  ];
  for (const [code, pattern, expected] of table)
    assert.equal(matchesPattern(code, pattern), expected, `${code} ${pattern}`);
  const nsaidsNotIbuprofen = { include: ['100101'], exclude: ['1001010J0', '1001010P0'] };
  assert.equal(selects(nsaidsNotIbuprofen, '1001010AJAAAAAA'), true);
  assert.equal(selects(nsaidsNotIbuprofen, '1001010J0AAADAD'), false);
});

it('refuses a measure with a bad field, naming the file and the field', () => {
  const good = {
    id: 'x-measure',
    name: 'X',
    description: 'X',
    why_it_matters: 'X',
    tags: [],
    polarity: 'low_is_good',
    numerator: { value: 'items', bnf: ['0501'] },
    denominator: { population: 'list_size', per: 1000 },
    source: { url: 'https://example.org', licence: 'OGL', note: '' },
    authored_by: 'a',
    checked_by: 'b',
    next_review: '2027-01-01',
  };
  assert.equal(parseMeasure('x.json', good).denominator.kind, 'population');
  assert.deepEqual(
    parseMeasure('x.json', {
      ...good,
      denominator: { population: 'star_pu', weights: 'oral_antibacterials_item' },
    }).denominator,
    { kind: 'population', population: 'star_pu', weights: 'oral_antibacterials_item', per: 1000 },
  );
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ ...good, polarity: 'up' }, /x\.json: polarity/],
    [
      { ...good, numerator: { value: 'items', bnf: ["0501' or 1=1"] } },
      /numerator\.bnf: expected BNF patterns/,
    ],
    [{ ...good, numerator: { value: 'pills', bnf: ['0501'] } }, /numerator\.value/],
    [{ ...good, next_review: 'soon' }, /next_review/],
    [{ ...good, denominator: { population: 'astro_pu' } }, /denominator\.population/],
    [{ ...good, denominator: { population: 'star_pu' } }, /denominator\.weights/],
  ];
  for (const [json, message] of bad) assert.throws(() => parseMeasure('x.json', json), message);
});

it('interpolates percentiles as percentile_cont does, and saves only above the 10th', () => {
  assert.equal(percentile([4, 1, 3, 2], 50), 2.5);
  assert.equal(percentile([10, 20], 10), 11);
  assert.equal(percentile([], 10), null);
  assert.deepEqual(deciles([0, 10]), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // A practice at 40% spending £100 on the numerator, against a 10th percentile of 10%: £75 saved.
  assert.equal(costSaving(40, 100, 10), 75);
  assert.equal(costSaving(5, 100, 10), 0);
  assert.equal(costSaving(null, 100, 10), 0);
});
