import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { describeProblem, parseSchemeText, validateScheme } from '../../../src/domain/schemes/index.ts';

const QOF = {
  kind: 'qof',
  id: 'qof-test',
  version: 1,
  name: 'Test',
  year: '2023-24',
  poundsPerPoint: 213.43,
  indicators: [
    { code: 'AF001', measure: 'register', points: 5, prevalenceGroup: 'AF' },
    { code: 'AF006', points: 12, lowerThreshold: 40, upperThreshold: 90, prevalenceGroup: 'AF' },
  ],
};

function problems(value: unknown): string[] {
  const result = validateScheme(value);
  return result.ok ? [] : result.problems.map(describeProblem);
}

describe('Scheme definitions are validated with the path of every problem', () => {
  it('accepts a minimal QOF-style scheme and fills the defaults', () => {
    const result = validateScheme(QOF);
    assert.ok(result.ok);
    if (result.scheme.kind !== 'qof') assert.fail('expected a QOF scheme');
    assert.equal(result.scheme.zeroDenominator, 'no_points');
    assert.equal(result.scheme.nationalAverageListSize, null);
    assert.equal(result.scheme.indicators[1]!.measure, 'ratio');
  });

  it('names the indicator and field when an upper threshold is not above the lower one', () => {
    const bad = structuredClone(QOF);
    (bad.indicators[1] as Record<string, unknown>).upperThreshold = 30;
    assert.deepEqual(problems(bad), [
      'indicators[1].upperThreshold: expected a number greater than lowerThreshold (40), found 30',
    ]);
  });

  it('reports every problem at once, including misspelt fields', () => {
    const bad = {
      ...QOF,
      version: 0,
      year: '2023-25',
      poundsPerPoint: 'lots',
      indicators: [{ code: 'AF006', points: -1, lowerThreshold: 40, upperTreshold: 90 }],
    };
    assert.deepEqual(problems(bad), [
      'version: expected a whole number of at least 1, found 0',
      'year: expected consecutive years such as 2023-24, found "2023-25"',
      'poundsPerPoint: expected a number of pounds above 0, found "lots"',
      'indicators[0].upperTreshold: unknown field (expected one of code, name, measure, points, lowerThreshold, upperThreshold, prevalenceGroup)',
      'indicators[0].points: expected a number of points of at least 0, found -1',
      'indicators[0].upperThreshold: expected an achievement % from 0 to 100, found undefined',
    ]);
  });

  it('rejects thresholds on a register indicator and repeated codes', () => {
    const bad = structuredClone(QOF);
    (bad.indicators[0] as Record<string, unknown>).lowerThreshold = 10;
    assert.deepEqual(problems(bad), [
      'indicators[0].lowerThreshold: only ratio indicators have thresholds; this one is measured as "register"',
    ]);
    const twice = { ...QOF, indicators: [QOF.indicators[1], QOF.indicators[1]] };
    assert.deepEqual(problems(twice), ['indicators[1].code: "AF006" is already used by indicators[0]']);
  });

  it('checks quality premium weights sum to at most 1 and targets are complete', () => {
    const premium = {
      kind: 'quality_premium',
      id: 'qp',
      version: 1,
      name: 'QP',
      year: '2024-25',
      measures: [
        {
          code: 'A',
          name: 'A',
          weight: 0.7,
          direction: 'higher_is_better',
          target: { type: 'absolute', value: 1 },
        },
        { code: 'B', name: 'B', weight: 0.4, direction: 'lower_is_better', target: { type: 'improvement' } },
      ],
    };
    assert.deepEqual(problems(premium), [
      'measures[1].target: expected "change" or "relativePercent" for an improvement target, found nothing',
    ]);
    premium.measures[1]!.target = { type: 'improvement', change: 1 } as never;
    assert.deepEqual(problems(premium), [
      'measures: expected weights that sum to at most 1, found a sum of 1.1',
    ]);
  });

  it('checks a local scheme’s dates, bands and payments', () => {
    const local = {
      kind: 'local',
      id: 'local',
      version: 1,
      name: 'Local',
      year: '2024-25',
      startsOn: '2024-04-01',
      endsOn: '2024-02-30',
      indicators: [
        {
          code: 'X',
          target: { relativeTo: 'peer_group', change: 0 },
          bands: [{ label: 'Met', minimumGap: 0, payment: { perPatient: 1, fixed: 2 } }],
        },
      ],
    };
    assert.deepEqual(problems(local), ['endsOn: expected a real calendar date']);
    local.endsOn = '2025-03-31';
    assert.deepEqual(problems(local), [
      'indicators[0].bands[0].payment: expected exactly one of "perPatient" or "fixed"',
    ]);
  });

  it('locates a JSON syntax error by line and column', () => {
    const result = parseSchemeText('{\n  "kind": "qof",\n}');
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.problems[0]!.message, /^not valid JSON at line 3, column 1/);
  });

  it('accepts every shipped example definition', () => {
    const folder = new URL('../../../schemes/examples/', import.meta.url);
    const files = readdirSync(folder).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 3);
    for (const file of files) {
      const result = parseSchemeText(readFileSync(new URL(file, folder), 'utf8'));
      assert.ok(result.ok, `${file}: ${result.ok ? '' : result.problems.map(describeProblem).join('; ')}`);
    }
  });
});
