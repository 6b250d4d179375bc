// Reads the local-scheme part of a scheme definition (docs/schemes.md, "Local scheme").
import { at, type Checker, type JsonObject } from './checker.ts';
import type { LocalBand, LocalIndicator, LocalScheme, LocalTarget, SchemeHeader } from './definition.ts';

const CODE = { test: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, says: 'a code of letters, digits, _ . -' };
const DATE = { test: /^\d{4}-\d{2}-\d{2}$/, says: 'a date as YYYY-MM-DD' };
const POLARITIES = ['higher_is_better', 'lower_is_better'] as const;

export const LOCAL_FIELDS = ['startsOn', 'endsOn', 'capPerPatient', 'replaces', 'indicators'];

export function readLocalScheme(c: Checker, o: JsonObject, header: SchemeHeader): LocalScheme | null {
  const startsOn = c.text(o, 'startsOn', '', DATE);
  const endsOn = c.text(o, 'endsOn', '', DATE);
  if (startsOn && endsOn && !(isRealDate(startsOn) && isRealDate(endsOn))) {
    c.problem(isRealDate(startsOn) ? 'endsOn' : 'startsOn', 'expected a real calendar date');
    return null;
  }
  if (startsOn && endsOn && endsOn < startsOn) {
    c.problem('endsOn', `expected a date on or after startsOn (${startsOn}), found "${endsOn}"`);
    return null;
  }
  const capPerPatient = c.optionalNumber(o, 'capPerPatient', '', { above: 0 }, 'pounds per patient above 0');
  const capBad = o.capPerPatient !== undefined && o.capPerPatient !== null && capPerPatient === null;
  const replaces = c.optionalText(o, 'replaces', '');
  const list = c.list(o, 'indicators', '', { minItems: 1 });
  const indicators: LocalIndicator[] = [];
  let ok = list !== null;
  list?.forEach((item, index) => {
    const indicator = readIndicator(c, item, at('indicators', index));
    if (indicator) indicators.push(indicator);
    else ok = false;
  });
  if (ok) c.uniqueCodes(indicators, 'indicators');
  if (!startsOn || !endsOn || capBad || !ok) return null;
  return { ...header, kind: 'local', startsOn, endsOn, capPerPatient, replaces, indicators };
}

function isRealDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function readIndicator(c: Checker, item: unknown, path: string): LocalIndicator | null {
  const o = c.object(item, path);
  if (!o) return null;
  c.onlyKeys(o, ['code', 'name', 'polarity', 'target', 'bands'], path);
  const code = c.text(o, 'code', path, CODE);
  const name = c.optionalText(o, 'name', path);
  const polarity = o.polarity === undefined ? 'higher_is_better' : c.oneOf(o, 'polarity', path, POLARITIES);
  const target = readTarget(c, o.target, at(path, 'target'));
  const list = c.list(o, 'bands', path, { minItems: 1 });
  const bands: LocalBand[] = [];
  let ok = list !== null;
  list?.forEach((band, index) => {
    const read = readBand(c, band, at(at(path, 'bands'), index));
    if (read) bands.push(read);
    else ok = false;
  });
  if (ok) {
    const gaps = new Map<number, number>();
    bands.forEach((band, index) => {
      const first = gaps.get(band.minimumGap);
      if (first !== undefined) {
        c.problem(
          at(at(at(path, 'bands'), index), 'minimumGap'),
          `expected a gap no other band uses, found ${band.minimumGap} (also bands[${first}])`,
        );
        ok = false;
      } else gaps.set(band.minimumGap, index);
    });
  }
  if (code === null || polarity === null || target === null || !ok) return null;
  return { code, name, polarity, target, bands };
}

function readTarget(c: Checker, value: unknown, path: string): LocalTarget | null {
  const o = c.object(value, path);
  if (!o) return null;
  const relativeTo = c.oneOf(o, 'relativeTo', path, ['absolute', 'own_baseline', 'peer_group'] as const);
  if (relativeTo === 'absolute') {
    c.onlyKeys(o, ['relativeTo', 'value'], path);
    const target = c.number(o, 'value', path, { min: 0, max: 100 }, 'an achievement % from 0 to 100');
    return target === null ? null : { relativeTo, value: target };
  }
  if (relativeTo === null) return null;
  const change = c.number(o, 'change', path, {}, 'a change in percentage points');
  const ceiling = c.optionalNumber(
    o,
    'ceiling',
    path,
    { min: 0, max: 100 },
    'an achievement % from 0 to 100',
  );
  const ceilingBad = o.ceiling !== undefined && o.ceiling !== null && ceiling === null;
  if (relativeTo === 'own_baseline') {
    c.onlyKeys(o, ['relativeTo', 'change', 'ceiling'], path);
    return change === null || ceilingBad ? null : { relativeTo, change, ceiling };
  }
  c.onlyKeys(o, ['relativeTo', 'statistic', 'change', 'ceiling'], path);
  const statistic =
    o.statistic === undefined ? 'median' : c.oneOf(o, 'statistic', path, ['median', 'pooled'] as const);
  if (change === null || ceilingBad || statistic === null) return null;
  return { relativeTo, statistic, change, ceiling };
}

function readBand(c: Checker, value: unknown, path: string): LocalBand | null {
  const o = c.object(value, path);
  if (!o) return null;
  c.onlyKeys(o, ['label', 'minimumGap', 'payment'], path);
  const label = c.text(o, 'label', path);
  const minimumGap = c.number(o, 'minimumGap', path, {}, 'a gap in percentage points (0 = target met)');
  const payment = c.object(o.payment, at(path, 'payment'));
  let read: LocalBand['payment'] | null = null;
  if (payment) {
    const where = at(path, 'payment');
    const hasPer = payment.perPatient !== undefined;
    const hasFixed = payment.fixed !== undefined;
    if (hasPer === hasFixed) c.problem(where, 'expected exactly one of "perPatient" or "fixed"');
    else if (hasPer) {
      c.onlyKeys(payment, ['perPatient'], where);
      const n = c.number(payment, 'perPatient', where, { min: 0 }, 'pounds per patient of at least 0');
      if (n !== null) read = { perPatient: n };
    } else {
      c.onlyKeys(payment, ['fixed'], where);
      const n = c.number(payment, 'fixed', where, { min: 0 }, 'pounds of at least 0');
      if (n !== null) read = { fixed: n };
    }
  }
  if (label === null || minimumGap === null || read === null) return null;
  return { label, minimumGap, payment: read };
}
