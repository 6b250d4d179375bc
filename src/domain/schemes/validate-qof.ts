// Reads the QOF-style part of a scheme definition (docs/schemes.md, "QOF-style").
import { at, type Checker, type JsonObject } from './checker.ts';
import type { QofIndicator, QofMeasure, QofScheme, SchemeHeader } from './definition.ts';

const MEASURES: readonly QofMeasure[] = ['ratio', 'register', 'declared'];
const CODE = { test: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, says: 'a code of letters, digits, _ . -' };
const GROUP = { test: /^[A-Za-z0-9_]{1,32}$/, says: 'a register group code such as AF or DM' };

export const QOF_FIELDS = [
  'poundsPerPoint',
  'nationalAverageListSize',
  'nationalPrevalence',
  'zeroDenominator',
  'indicators',
];

export function readQofScheme(c: Checker, o: JsonObject, header: SchemeHeader): QofScheme | null {
  const poundsPerPoint = c.number(o, 'poundsPerPoint', '', { above: 0 }, 'a number of pounds above 0');
  const nationalAverageListSize = c.optionalNumber(o, 'nationalAverageListSize', '', { above: 0 });
  const nationalPrevalence = readPrevalence(c, o);
  const zeroDenominator =
    o.zeroDenominator === undefined
      ? 'no_points'
      : c.oneOf(o, 'zeroDenominator', '', ['no_points', 'full_points']);
  const list = c.list(o, 'indicators', '', { minItems: 1 });
  const indicators: QofIndicator[] = [];
  let complete = list !== null;
  list?.forEach((item, index) => {
    const indicator = readIndicator(c, item, at('indicators', index));
    if (indicator) indicators.push(indicator);
    else complete = false;
  });
  if (complete) c.uniqueCodes(indicators, 'indicators');
  if (poundsPerPoint === null || nationalPrevalence === null || zeroDenominator === null || !complete)
    return null;
  return {
    ...header,
    kind: 'qof',
    poundsPerPoint,
    nationalAverageListSize,
    nationalPrevalence,
    zeroDenominator,
    indicators,
  };
}

function readPrevalence(c: Checker, o: JsonObject): Record<string, number> | null {
  if (o.nationalPrevalence === undefined) return {};
  const map = c.object(o.nationalPrevalence, 'nationalPrevalence');
  if (!map) return null;
  const result: Record<string, number> = {};
  let ok = true;
  for (const key of Object.keys(map).sort()) {
    if (!GROUP.test.test(key)) {
      c.problem(at('nationalPrevalence', key), `expected ${GROUP.says} as the key`);
      ok = false;
      continue;
    }
    const value = c.numberValue(
      map[key],
      at('nationalPrevalence', key),
      { above: 0, max: 1 },
      'a fraction above 0 and at most 1 (0.0221 for 2.21%)',
    );
    if (value === null) ok = false;
    else result[key] = value;
  }
  return ok ? result : null;
}

function readIndicator(c: Checker, item: unknown, path: string): QofIndicator | null {
  const o = c.object(item, path);
  if (!o) return null;
  c.onlyKeys(
    o,
    ['code', 'name', 'measure', 'points', 'lowerThreshold', 'upperThreshold', 'prevalenceGroup'],
    path,
  );
  const code = c.text(o, 'code', path, CODE);
  const name = c.optionalText(o, 'name', path);
  const measure = o.measure === undefined ? 'ratio' : c.oneOf(o, 'measure', path, MEASURES);
  const points = c.number(o, 'points', path, { min: 0 }, 'a number of points of at least 0');
  const prevalenceGroup =
    o.prevalenceGroup === undefined || o.prevalenceGroup === null
      ? null
      : c.text(o, 'prevalenceGroup', path, GROUP);
  const badGroup = o.prevalenceGroup !== undefined && o.prevalenceGroup !== null && prevalenceGroup === null;
  let lowerThreshold: number | null = null;
  let upperThreshold: number | null = null;
  let thresholdsOk = true;
  if (measure === 'ratio') {
    lowerThreshold = c.number(
      o,
      'lowerThreshold',
      path,
      { min: 0, max: 100 },
      'an achievement % from 0 to 100',
    );
    if (typeof o.upperThreshold !== 'number' || !Number.isFinite(o.upperThreshold)) {
      c.problem(
        at(path, 'upperThreshold'),
        `expected an achievement % from 0 to 100, found ${String(o.upperThreshold)}`,
      );
      thresholdsOk = false;
    } else if (lowerThreshold !== null && o.upperThreshold <= lowerThreshold) {
      c.problem(
        at(path, 'upperThreshold'),
        `expected a number greater than lowerThreshold (${lowerThreshold}), found ${o.upperThreshold}`,
      );
      thresholdsOk = false;
    } else if (o.upperThreshold > 100) {
      c.problem(
        at(path, 'upperThreshold'),
        `expected an achievement % of at most 100, found ${o.upperThreshold}`,
      );
      thresholdsOk = false;
    } else upperThreshold = o.upperThreshold;
    if (lowerThreshold === null) thresholdsOk = false;
  } else if (measure !== null) {
    for (const key of ['lowerThreshold', 'upperThreshold'] as const) {
      if (o[key] !== undefined && o[key] !== null) {
        c.problem(
          at(path, key),
          `only ratio indicators have thresholds; this one is measured as "${measure}"`,
        );
        thresholdsOk = false;
      }
    }
  }
  if (code === null || measure === null || points === null || badGroup || !thresholdsOk) return null;
  return { code, name, measure, points, lowerThreshold, upperThreshold, prevalenceGroup };
}
