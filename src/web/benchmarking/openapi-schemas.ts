/**
 * JSON Schemas of the benchmarking API's responses and query parameters for /api/openapi.json,
 * written by hand from the view types in ./views.ts. They give the top-level fields and the fields of
 * each row with their types; nested objects the pages only pass through are described as objects.
 * Keep them in step with views.ts when a view changes.
 */
import type { Json } from '../api/openapi.ts';
import { arr, bool, int, nnum, nstr, nullable, num, obj, type Schema, str } from '../api/schema-builders.ts';

const COMPARISON_KEYS = ['better', 'similar', 'worse', 'higher', 'lower', 'not_compared'];
const comparison = obj({
  key: { type: 'string', enum: COMPARISON_KEYS },
  level: { type: ['string', 'null'], enum: ['99.8%', '95%', null] },
  text: str,
});
const adjusted = obj({
  key: { type: 'string', enum: COMPARISON_KEYS },
  level: { type: ['string', 'null'], enum: ['99.8%', '95%', null] },
  text: str,
  expected: nnum,
  ratio: nnum,
  ratioLower95: nnum,
  ratioUpper95: nnum,
  ratioLower998: nnum,
  ratioUpper998: nnum,
});
const release = obj({
  name: str,
  status: { type: 'string', enum: ['draft', 'published'] },
  methodVersion: str,
  createdAt: str,
  publishedAt: nstr,
});
const organisation = obj({ code: str, name: str, kind: str });
const indicator = obj({
  code: str,
  version: int,
  name: str,
  domain: str,
  type: str,
  polarity: str,
  multiplier: num,
  unit: str,
  periodType: str,
  numerator: str,
  denominator: str,
  source: str,
  caveats: nstr,
});
const englandRange = obj({ value: nnum, min: nnum, q1: nnum, median: nnum, q3: nnum, max: nnum }, true);
const basis = { type: 'string', enum: ['crude', 'adjusted', 'headline'] };
/** The headline judgment: the coloured verdict everywhere, with the numbers behind it. */
const flag = obj({
  key: { type: 'string', enum: COMPARISON_KEYS },
  level: { type: ['string', 'null'], enum: ['99.8%', '95%', null] },
  text: str,
  flag: { type: ['string', 'null'], enum: ['high_99_8', 'high_95', 'none', 'low_95', 'low_99_8', null] },
  basis: { type: ['string', 'null'], enum: ['adjusted', 'funnel', null] },
  z: nnum,
  expected: nnum,
  ratio: nnum,
});
const headlineSpc = obj(
  {
    signal: nstr,
    period: nstr,
    pointType: nstr,
    adjustment: { type: 'string', enum: ['england_same_period', 'none'] },
  },
  true,
);
const calibrationFit = obj({
  basis: { type: 'string', enum: ['adjusted', 'funnel'] },
  practices: int,
  verdicts: int,
  tau2: num,
  centre: num,
  high95: int,
  low95: int,
  high998: int,
  low998: int,
  chance95: num,
  chance998: num,
  zRms: nnum,
  zSpread: nnum,
  description: str,
});
const calibration = obj(
  {
    fits: arr(calibrationFit),
    shown: obj({
      practices: int,
      flagged95: int,
      flagged998: int,
      chance95: num,
      chance998: num,
      crudeFlagged95: int,
    }),
  },
  true,
);
const limits = { lower95: nnum, upper95: nnum, lower998: nnum, upper998: nnum };
const limitRow = obj({ x: num, lower95: num, upper95: num, lower998: num, upper998: num });
const funnel = obj(
  {
    basis,
    target: num,
    overDispersed: bool,
    phi: nnum,
    tau2: nnum,
    limits: arr(limitRow),
    overDispersionLimits: arr(limitRow),
    points: arr(obj({ code: str, x: num, y: num, flag: str })),
  },
  true,
);
/** Set for figures published under disclosure control (visitors): the rule in words. */
const disclosure = obj({ rule: str }, true);
const suppressed = obj({ numerator: bool, denominator: bool });
const flagSource = {
  type: ['string', 'null'],
  enum: ['funnel_outlier', 'comparison', 'spc_special_cause', null],
};

const spcBrief = {
  points: int,
  shortSeries: bool,
  variation: nstr,
  assurance: nstr,
  variationIcon: nstr,
  assuranceIcon: nstr,
  headline: headlineSpc,
};

const comparisonLevel = obj({
  level: { type: 'string', enum: ['england', 'icb', 'sub_icb', 'pcn', 'peers'] },
  label: str,
  area: { ...organisation, type: ['object', 'null'] },
});

export const SCORECARD_SCHEMA: Schema = obj({
  release,
  disclosure,
  practice: organisation,
  compare: comparisonLevel,
  levels: arr(comparisonLevel),
  rows: arr(
    obj({
      indicator,
      period: str,
      value: nnum,
      ...limits,
      numerator: nnum,
      denominator: nnum,
      suppressed,
      england: englandRange,
      quintile: nullable(int),
      decile: nullable(int),
      benchmark: obj({ value: nnum, suppressed: bool, comparison }),
      comparison,
      flag,
      crude: comparison,
      adjusted,
      flagBasis: { type: ['string', 'null'], enum: ['adjusted', 'funnel', null] },
      why: nstr,
      trend: obj({
        previousPeriod: nstr,
        previousValue: nnum,
        direction: { type: ['string', 'null'], enum: ['up', 'down', 'unchanged', null] },
        text: str,
      }),
      spc: obj(spcBrief, true),
      flagSource,
      prescribing: obj({ measureId: str, month: str, saving: nnum, synthetic: bool }, true),
    }),
  ),
});

export const INDICATOR_SCHEMA: Schema = obj({
  release,
  disclosure,
  suppressedPractices: int,
  indicator,
  period: str,
  periods: arr(str),
  area: organisation,
  selected: { ...organisation, type: ['object', 'null'] },
  england: englandRange,
  areaValue: nnum,
  funnel,
  adjustedFunnel: funnel,
  headlineFunnel: funnel,
  calibration,
  casemixDescription: nstr,
  practices: arr(
    obj({
      code: str,
      name: str,
      value: nnum,
      ...limits,
      numerator: nnum,
      denominator: nnum,
      suppressed,
      flag,
      crude: comparison,
      adjusted,
      funnelFlag: nstr,
      quintile: nullable(int),
      flagSource,
    }),
  ),
});

export const OVERVIEW_SCHEMA: Schema = obj({
  release,
  disclosure,
  area: organisation,
  indicators: arr({ ...indicator, properties: { ...(indicator.properties as Schema), period: str } }),
  practices: arr(
    obj({
      code: str,
      name: str,
      cells: arr(obj({ indicatorCode: str, value: nnum, suppressed: bool, comparison, flag })),
    }),
  ),
});

export const TREND_SCHEMA: Schema = obj({
  release,
  disclosure,
  practice: organisation,
  indicator,
  spc: obj({ ...spcBrief, improvementDirection: str, mean: nnum, lowerLimit: nnum, upperLimit: nnum }, true),
  points: arr(
    obj({
      period: str,
      value: nnum,
      mean: nnum,
      lowerLimit: nnum,
      upperLimit: nnum,
      specialCause: nstr,
      pointType: nstr,
    }),
  ),
  specialCausePeriod: nstr,
  headlineSpc,
  results: arr(
    obj({
      period: str,
      value: nnum,
      lower95: nnum,
      upper95: nnum,
      numerator: nnum,
      denominator: nnum,
      suppressed,
      england: nnum,
      flag,
      crude: comparison,
    }),
  ),
});

export const PEERS_SCHEMA: Schema = obj({
  release,
  disclosure,
  practice: organisation,
  named: bool,
  explanation: nstr,
  peers: arr(obj({ label: str, code: nstr, rank: int, distance: num })),
  rows: arr(
    obj({
      indicator,
      period: str,
      value: nnum,
      peerGroupValue: nnum,
      comparison,
      flag,
      peerValues: arr(nnum),
      suppressed: obj({ value: bool, peerGroupValue: bool, peers: arr(bool) }),
    }),
  ),
});

/** The query parameters, by name; each route lists the ones it reads. */
export const QUERY = {
  release: {
    name: 'release',
    description:
      'Release name; the latest published release when left out. A draft needs view_restricted_practice.',
  },
  area: {
    name: 'area',
    description:
      'ODS code of the area whose practices are shown (PCN, sub-ICB location, ICB); England when left out.',
  },
  compare: {
    name: 'compare',
    description:
      "The scorecard's comparison level: england (default), icb, sub_icb, pcn or peers (the practice's peer group).",
    schema: { type: 'string', enum: ['england', 'icb', 'sub_icb', 'pcn', 'peers'] },
  },
  period: { name: 'period', description: "Period, e.g. 2016-17; the indicator's latest when left out." },
  practice: { name: 'practice', description: 'ODS code of a practice to highlight.' },
  format: {
    name: 'format',
    description: 'csv or xlsx for the table as a file instead of JSON.',
    schema: { type: 'string', enum: ['csv', 'xlsx'] },
  },
} satisfies Record<string, { name: string; description: string; schema?: Json }>;
