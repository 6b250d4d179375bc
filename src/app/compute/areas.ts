// A period's practices with their parents, and the sums for every area they belong to: numerators
// and denominators added up over the practices in the area in that period (never an average of
// practice values). Practices are visited in code order, so the sums are the same every time.
import type { AreaKind } from '../../store/schema.ts';
import type { PracticeFact } from './facts.ts';
import { ENGLAND, type Parents } from './hierarchy.ts';

export interface PracticeUnit extends PracticeFact {
  parents: Parents;
}

export interface AreaSum {
  kind: Exclude<AreaKind, 'practice'>;
  code: string;
  numerator: number;
  denominator: number;
  practices: number;
}

export const AREA_KINDS: readonly Exclude<AreaKind, 'practice'>[] = [
  'pcn',
  'sub_icb',
  'icb',
  'region',
  'country',
];

/** Area sums by kind, each map in code order. */
export function sumAreas(practices: readonly PracticeUnit[]): Map<AreaSum['kind'], Map<string, AreaSum>> {
  const out = new Map<AreaSum['kind'], Map<string, AreaSum>>(AREA_KINDS.map((k) => [k, new Map()]));
  const add = (kind: AreaSum['kind'], code: string | null, p: PracticeUnit) => {
    if (code === null) return;
    const areas = out.get(kind)!;
    const area = areas.get(code);
    if (area) {
      area.numerator += p.numerator;
      area.denominator += p.denominator;
      area.practices++;
    } else areas.set(code, { kind, code, numerator: p.numerator, denominator: p.denominator, practices: 1 });
  };
  for (const p of practices) {
    add('pcn', p.parents.pcn, p);
    add('sub_icb', p.parents.subIcb, p);
    add('icb', p.parents.icb, p);
    add('region', p.parents.region, p);
    add('country', ENGLAND, p);
  }
  for (const [kind, areas] of out) {
    out.set(kind, new Map([...areas.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))));
  }
  return out;
}
