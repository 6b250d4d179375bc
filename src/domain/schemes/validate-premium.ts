// Reads the quality-premium part of a scheme definition (docs/schemes.md, "Quality premium").
import { at, type Checker, found, type JsonObject } from './checker.ts';
import type {
  PremiumGateway,
  PremiumMeasure,
  PremiumReduction,
  PremiumTarget,
  QualityPremiumScheme,
  SchemeHeader,
} from './definition.ts';

const CODE = { test: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, says: 'a code of letters, digits, _ . -' };
const DIRECTIONS = ['higher_is_better', 'lower_is_better'] as const;
/** Weights are fractions; a sum within this of 1 counts as 1 (0.1 + 0.2 + 0.7 in binary floating point). */
const WEIGHT_SLACK = 1e-9;

export const PREMIUM_FIELDS = ['capPerPatient', 'measures', 'gateways', 'reductions'];

export function readPremiumScheme(
  c: Checker,
  o: JsonObject,
  header: SchemeHeader,
): QualityPremiumScheme | null {
  const capPerPatient =
    o.capPerPatient === undefined
      ? 5
      : c.number(o, 'capPerPatient', '', { above: 0 }, 'pounds per patient above 0');
  const measures = readList(c, o, 'measures', 1, readMeasure);
  const gateways = o.gateways === undefined ? [] : readList(c, o, 'gateways', 0, readGateway);
  const reductions = o.reductions === undefined ? [] : readList(c, o, 'reductions', 0, readReduction);
  if (measures) {
    const total = measures.reduce((sum, m) => sum + m.weight, 0);
    if (total > 1 + WEIGHT_SLACK) {
      c.problem(
        'measures',
        `expected weights that sum to at most 1, found a sum of ${Number(total.toFixed(6))}`,
      );
      return null;
    }
  }
  if (capPerPatient === null || !measures || !gateways || !reductions) return null;
  return { ...header, kind: 'quality_premium', capPerPatient, measures, gateways, reductions };
}

function readList<T extends { code: string }>(
  c: Checker,
  o: JsonObject,
  key: string,
  minItems: number,
  read: (c: Checker, item: unknown, path: string) => T | null,
): T[] | null {
  const list = c.list(o, key, '', { minItems });
  if (!list) return null;
  const items: T[] = [];
  let ok = true;
  list.forEach((item, index) => {
    const value = read(c, item, at(key, index));
    if (value) items.push(value);
    else ok = false;
  });
  if (!ok) return null;
  c.uniqueCodes(items, key);
  return items;
}

function readMeasure(c: Checker, item: unknown, path: string): PremiumMeasure | null {
  const o = c.object(item, path);
  if (!o) return null;
  c.onlyKeys(o, ['code', 'name', 'weight', 'direction', 'target'], path);
  const code = c.text(o, 'code', path, CODE);
  const name = c.text(o, 'name', path);
  const weight = c.number(
    o,
    'weight',
    path,
    { above: 0, max: 1 },
    'a share of the premium above 0 and at most 1',
  );
  const direction = c.oneOf(o, 'direction', path, DIRECTIONS);
  const target = readTarget(c, o.target, at(path, 'target'));
  if (code === null || name === null || weight === null || direction === null || target === null) return null;
  return { code, name, weight, direction, target };
}

function readTarget(c: Checker, value: unknown, path: string): PremiumTarget | null {
  const o = c.object(value, path);
  if (!o) return null;
  const type = c.oneOf(o, 'type', path, ['absolute', 'improvement'] as const);
  if (type === 'absolute') {
    c.onlyKeys(o, ['type', 'value'], path);
    const target = c.number(o, 'value', path);
    return target === null ? null : { type, value: target };
  }
  if (type === 'improvement') {
    c.onlyKeys(o, ['type', 'change', 'relativePercent'], path);
    const change = c.optionalNumber(o, 'change', path, { min: 0 }, 'an improvement of at least 0');
    const relativePercent = c.optionalNumber(
      o,
      'relativePercent',
      path,
      { min: 0 },
      'a percentage of at least 0',
    );
    const given = (o.change ?? null) !== null || (o.relativePercent ?? null) !== null;
    if (!given) {
      c.problem(
        path,
        `expected "change" or "relativePercent" for an improvement target, found ${found(undefined)}`,
      );
      return null;
    }
    if ((o.change ?? null) !== null && (o.relativePercent ?? null) !== null) {
      c.problem(path, 'expected "change" or "relativePercent", not both');
      return null;
    }
    if ((o.change != null && change === null) || (o.relativePercent != null && relativePercent === null))
      return null;
    return { type, change, relativePercent };
  }
  return null;
}

function readGateway(c: Checker, item: unknown, path: string): PremiumGateway | null {
  const o = c.object(item, path);
  if (!o) return null;
  c.onlyKeys(o, ['code', 'description'], path);
  const code = c.text(o, 'code', path, CODE);
  const description = c.text(o, 'description', path);
  return code === null || description === null ? null : { code, description };
}

function readReduction(c: Checker, item: unknown, path: string): PremiumReduction | null {
  const o = c.object(item, path);
  if (!o) return null;
  c.onlyKeys(o, ['code', 'description', 'percent'], path);
  const code = c.text(o, 'code', path, CODE);
  const description = c.text(o, 'description', path);
  const percent = c.number(
    o,
    'percent',
    path,
    { above: 0, max: 100 },
    'a percentage above 0 and at most 100',
  );
  return code === null || description === null || percent === null ? null : { code, description, percent };
}
