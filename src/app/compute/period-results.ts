// Everything Fairview computes for one indicator in one period: each practice's value and limits,
// the area sums and their values, comparisons with England / ICB / sub-ICB / PCN / peer group at 95%
// and 99.8% (Fingertips method, polarity-aware), quintiles and deciles, crude funnels and the case-mix
// adjusted comparison, and the headline judgment (judgment-step.ts) with its "why" sentence. Rows come
// out practices first (code order), then PCNs, sub-ICBs, ICBs, regions and England.
import type { IndicatorVersion } from '../../domain/indicators/definition.ts';
import {
  type BenchmarkComparison,
  compareWithBenchmark,
  deciles,
  type FunnelFlag,
  quantileCuts,
  quintiles,
} from '../../stats/index.ts';
import type { NewFunnelFit, NewResult } from '../../store/schema.ts';
import { AREA_KINDS, type AreaSum, type PracticeUnit, sumAreas } from './areas.ts';
import type { CaseMixStep } from './casemix-step.ts';
import { crudeFunnel } from './funnels.ts';
import { ENGLAND } from './hierarchy.ts';
import type { JudgmentStep } from './judgment-step.ts';
import { NO_VALUE, type ValueWithLimits, valueWithLimits } from './values.ts';

export type ResultRow = Omit<NewResult, 'release_id'>;
export type FunnelFitRow = Omit<NewFunnelFit, 'release_id'>;

export interface PeriodInput {
  indicator: IndicatorVersion;
  period: string;
  practices: readonly PracticeUnit[];
  /** Practice → its peers (nearest first); null when no peer groups were made. */
  peers: ReadonlyMap<string, readonly string[]> | null;
  caseMix: CaseMixStep | null;
  /** The headline judgment of the period's practices (null: none made). */
  judgment: JudgmentStep | null;
  /** The plain-English "why" sentence for a practice row (its headline fields set), or null. */
  why: (row: ResultRow) => string | null;
}

export interface PeriodOutput {
  results: ResultRow[];
  funnels: FunnelFitRow[];
}

export function periodResults(input: PeriodInput): PeriodOutput {
  const { indicator, period, practices } = input;
  const { type, multiplier, polarity } = indicator;
  const value = (n: number, d: number): ValueWithLimits => valueWithLimits(type, n, d, multiplier);
  const areas = sumAreas(practices);
  const areaValue = new Map<string, ValueWithLimits>();
  for (const kind of AREA_KINDS) {
    for (const a of areas.get(kind)!.values())
      areaValue.set(`${kind}|${a.code}`, value(a.numerator, a.denominator));
  }
  const benchmark = (kind: AreaSum['kind'], code: string | null) =>
    code === null ? null : (areaValue.get(`${kind}|${code}`)?.value ?? null);
  const england = benchmark('country', ENGLAND);
  const compare: Compare = (v, b) => [
    compareWithBenchmark({ value: v.value, lower: v.lower95, upper: v.upper95, benchmark: b, polarity }),
    compareWithBenchmark({ value: v.value, lower: v.lower998, upper: v.upper998, benchmark: b, polarity }),
  ];

  const practiceValues = practices.map((p) => value(p.numerator, p.denominator));
  const quintile = quintiles(practiceValues.map((v) => v.value));
  const decile = deciles(practiceValues.map((v) => v.value));

  const { funnels, flags } = periodFunnels(input);

  const peerValue = peerBenchmark(input, value);

  const results: ResultRow[] = [];
  practices.forEach((p, i) => {
    const v = practiceValues[i]!;
    const peer = peerValue(p.practice);
    const [cmpEngland, cmpEngland998] = compare(v, england);
    const [cmpIcb, cmpIcb998] = compare(v, benchmark('icb', p.parents.icb));
    const [cmpSub, cmpSub998] = compare(v, benchmark('sub_icb', p.parents.subIcb));
    const [cmpPcn, cmpPcn998] = compare(v, benchmark('pcn', p.parents.pcn));
    const [cmpPeers, cmpPeers998] = compare(v, peer);
    const adjusted = input.caseMix?.byPractice.get(p.practice) ?? null;
    const headline = input.judgment?.byPractice.get(p.practice) ?? null;
    const row: ResultRow = {
      ...baseRow(indicator.id, period, 'practice', p.practice, p.numerator, p.denominator, v),
      pcn_code: p.parents.pcn,
      sub_icb_code: p.parents.subIcb,
      icb_code: p.parents.icb,
      region_code: p.parents.region,
      cmp_england: cmpEngland,
      cmp_icb: cmpIcb,
      cmp_sub_icb: cmpSub,
      cmp_pcn: cmpPcn,
      cmp_peers: cmpPeers,
      cmp_england_998: cmpEngland998,
      cmp_icb_998: cmpIcb998,
      cmp_sub_icb_998: cmpSub998,
      cmp_pcn_998: cmpPcn998,
      cmp_peers_998: cmpPeers998,
      peer_value: peer,
      quintile: quintile[i] ?? null,
      decile: decile[i] ?? null,
      funnel_flag: flags.country.get(p.practice) ?? null,
      funnel_flag_icb: flags.icb.get(p.practice) ?? null,
      funnel_flag_sub_icb: flags.sub_icb.get(p.practice) ?? null,
      expected: adjusted?.expected ?? null,
      oe_ratio: adjusted?.ratio ?? null,
      oe_lower_95: adjusted?.confidence?.lower95 ?? null,
      oe_upper_95: adjusted?.confidence?.upper95 ?? null,
      oe_lower_99_8: adjusted?.confidence?.lower99_8 ?? null,
      oe_upper_99_8: adjusted?.confidence?.upper99_8 ?? null,
      casemix_flag: adjusted?.flag ?? null,
      flag_basis: adjusted ? 'adjusted' : 'crude',
      why: null,
      headline_flag: headline?.flag ?? null,
      headline_basis: headline?.basis ?? null,
      headline_z: headline?.z ?? null,
      headline_expected: headline?.expected ?? null,
    };
    row.why = input.why(row);
    results.push(row);
  });

  appendAreaRows(results, input, areas, areaValue, compare, england, areaSpread(practices, practiceValues));
  return { results, funnels };
}

/** The crude funnels (England, then each ICB and sub-ICB with enough practices, then the case-mix one) and each practice's flags. */
function periodFunnels(input: PeriodInput) {
  const { indicator, period, practices } = input;
  const { type, multiplier } = indicator;
  // Funnels: England, then each ICB and sub-ICB with enough practices.
  const funnels: FunnelFitRow[] = [];
  const flags = {
    country: new Map<string, FunnelFlag>(),
    icb: new Map<string, FunnelFlag>(),
    sub_icb: new Map<string, FunnelFlag>(),
  };
  const funnelFor = (
    level: 'country' | 'icb' | 'sub_icb',
    parent: string,
    members: readonly PracticeUnit[],
  ) => {
    const f = crudeFunnel(type, members, multiplier);
    if (!f) return;
    funnels.push({ indicator_id: indicator.id, period, level, parent_code: parent, ...f.fit });
    members.forEach((m, i) => {
      flags[level].set(m.practice, f.flags[i]!);
    });
  };
  funnelFor('country', ENGLAND, practices);
  for (const level of ['icb', 'sub_icb'] as const) {
    const groups = new Map<string, PracticeUnit[]>();
    for (const p of practices) {
      const parent = level === 'icb' ? p.parents.icb : p.parents.subIcb;
      if (parent === null) continue;
      const list = groups.get(parent);
      if (list) list.push(p);
      else groups.set(parent, [p]);
    }
    for (const parent of [...groups.keys()].sort()) funnelFor(level, parent, groups.get(parent)!);
  }
  if (input.caseMix?.funnel) {
    funnels.push({
      indicator_id: indicator.id,
      period,
      level: 'country',
      parent_code: ENGLAND,
      ...input.caseMix.funnel,
    });
  }
  return { funnels, flags };
}

/** A practice's peer benchmark: the pooled value of its peers that have data in this period. */
function peerBenchmark(
  input: PeriodInput,
  value: (n: number, d: number) => ValueWithLimits,
): (code: string) => number | null {
  const byCode = new Map(input.practices.map((p) => [p.practice, p] as const));
  return (code: string): number | null => {
    const peers = input.peers?.get(code);
    if (!peers) return null;
    let n = 0;
    let d = 0;
    for (const peer of peers) {
      const p = byCode.get(peer);
      if (p) {
        n += p.numerator;
        d += p.denominator;
      }
    }
    return d > 0 ? value(n, d).value : null;
  };
}

/** The spread of practice values within each area (for spine charts), by `kind|code`. */
function areaSpread(practices: readonly PracticeUnit[], practiceValues: readonly ValueWithLimits[]) {
  const members = new Map<string, number[]>();
  practices.forEach((p, i) => {
    const v = practiceValues[i]!.value;
    if (v === null) return;
    for (const key of [
      `pcn|${p.parents.pcn}`,
      `sub_icb|${p.parents.subIcb}`,
      `icb|${p.parents.icb}`,
      `region|${p.parents.region}`,
      `country|${ENGLAND}`,
    ]) {
      const list = members.get(key);
      if (list) list.push(v);
      else members.set(key, [v]);
    }
  });
  return (key: string) => {
    const values = members.get(key) ?? [];
    // One sort per area: the type-7 quartiles, plus the ends (the 0 and 1 quantiles).
    const [q1, median, q3] = quantileCuts(values, 4);
    let min: number | null = null;
    let max: number | null = null;
    for (const v of values) {
      if (min === null || v < min) min = v;
      if (max === null || v > max) max = v;
    }
    return {
      practice_min: min,
      practice_q1: q1 ?? null,
      practice_median: median ?? null,
      practice_q3: q3 ?? null,
      practice_max: max,
    };
  };
}

type Compare = (v: ValueWithLimits, b: number | null) => [BenchmarkComparison, BenchmarkComparison];

/** The area rows after the practices': PCNs, sub-ICBs, ICBs, regions and England, each with its spread. */
function appendAreaRows(
  results: ResultRow[],
  input: PeriodInput,
  areas: ReturnType<typeof sumAreas>,
  areaValue: ReadonlyMap<string, ValueWithLimits>,
  compare: Compare,
  england: number | null,
  spread: ReturnType<typeof areaSpread>,
): void {
  const { indicator, period } = input;
  for (const kind of AREA_KINDS) {
    const list = [...areas.get(kind)!.values()];
    const values = list.map((a) => areaValue.get(`${kind}|${a.code}`) ?? NO_VALUE);
    const q = quintiles(values.map((v) => v.value));
    const dq = deciles(values.map((v) => v.value));
    list.forEach((a, i) => {
      const v = values[i]!;
      const [cmpEngland, cmpEngland998] = kind === 'country' ? [null, null] : compare(v, england);
      results.push({
        ...baseRow(indicator.id, period, kind, a.code, a.numerator, a.denominator, v),
        cmp_england: cmpEngland,
        cmp_england_998: cmpEngland998,
        quintile: kind === 'country' ? null : (q[i] ?? null),
        decile: kind === 'country' ? null : (dq[i] ?? null),
        ...spread(`${kind}|${a.code}`),
      });
    });
  }
}

function baseRow(
  indicatorId: number,
  period: string,
  kind: ResultRow['area_kind'],
  code: string,
  numerator: number,
  denominator: number,
  v: ValueWithLimits,
): ResultRow {
  return {
    indicator_id: indicatorId,
    period,
    area_kind: kind,
    area_code: code,
    pcn_code: null,
    sub_icb_code: null,
    icb_code: null,
    region_code: null,
    numerator,
    denominator,
    value: v.value,
    lower_95: v.lower95,
    upper_95: v.upper95,
    lower_99_8: v.lower998,
    upper_99_8: v.upper998,
    cmp_england: null,
    cmp_icb: null,
    cmp_sub_icb: null,
    cmp_pcn: null,
    cmp_peers: null,
    cmp_england_998: null,
    cmp_icb_998: null,
    cmp_sub_icb_998: null,
    cmp_pcn_998: null,
    cmp_peers_998: null,
    peer_value: null,
    quintile: null,
    decile: null,
    practice_min: null,
    practice_q1: null,
    practice_median: null,
    practice_q3: null,
    practice_max: null,
    funnel_flag: null,
    funnel_flag_icb: null,
    funnel_flag_sub_icb: null,
    expected: null,
    oe_ratio: null,
    oe_lower_95: null,
    oe_upper_95: null,
    oe_lower_99_8: null,
    oe_upper_99_8: null,
    casemix_flag: null,
    flag_basis: null,
    why: null,
    headline_flag: null,
    headline_basis: null,
    headline_z: null,
    headline_expected: null,
  };
}
