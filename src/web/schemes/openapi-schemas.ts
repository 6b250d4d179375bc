/**
 * JSON Schemas of the scheme API's responses and query parameters for /api/openapi.json, written by
 * hand from ./views.ts (and, for definitions, docs/schemes/scheme.schema.json, which the validator
 * enforces; here a definition is described as an object). Keep them in step with views.ts.
 */
import type { ApiRouteDescription, Json } from '../api/openapi.ts';
import {
  arr,
  bool,
  int,
  nint,
  nnum,
  nstr,
  nullable,
  num,
  obj,
  type Schema,
  str,
} from '../api/schema-builders.ts';

const anyObject: Schema = { type: 'object', description: 'a scheme definition (docs/schemes.md)' };

const KINDS = ['qof', 'quality_premium', 'local'];
const STATUSES = ['prepared', 'submitted', 'approved', 'not_approved'];
const RULES = ['covers_indicators', 'not_less_than_replaced', 'max_total_cost'];

const calculation = obj({
  id: int,
  scheme: str,
  schemeName: str,
  kind: { type: 'string', enum: KINDS },
  version: int,
  period: str,
  sourceKind: { type: 'string', enum: ['release', 'qof_achievement', 'inputs_file'] },
  source: str,
  releaseId: nint,
  statementCount: int,
  lineCount: int,
  total: num,
  inputsFingerprint: str,
  statementsChecksum: str,
  createdAt: str,
  createdBy: str,
});

const approval = obj({
  status: { type: 'string', enum: STATUSES },
  agendaItemId: nint,
  meetingId: nint,
  decision: obj(
    {
      outcome: { type: 'string', enum: ['carried', 'not_carried'] },
      text: str,
      votesFor: int,
      votesAgainst: int,
      abstentions: int,
      decidedAt: str,
    },
    true,
  ),
});

const standingRules = obj(
  {
    passed: bool,
    testedOn: str,
    results: arr(
      obj({
        id: nint,
        rule: { type: 'string', enum: RULES },
        description: str,
        passed: bool,
        reasons: arr(str),
      }),
    ),
  },
  true,
);

const appeal = obj({
  id: int,
  orgCode: str,
  lineNo: int,
  reason: str,
  raisedBy: str,
  raisedAt: str,
  outcome: { type: ['string', 'null'], enum: ['upheld', 'not_upheld', null] },
  outcomeNote: nstr,
  decidedBy: nstr,
  decidedAt: nstr,
});

export const SCHEME_LIST_SCHEMA: Schema = obj({
  schemes: arr(
    obj({
      code: str,
      kind: { type: 'string', enum: KINDS },
      name: str,
      year: str,
      version: int,
      calculations: arr(obj({ id: int, period: str, total: num, status: str, createdAt: str })),
    }),
  ),
});

export const STANDING_RULES_SCHEMA: Schema = obj({
  canManage: bool,
  rules: arr(
    obj({
      id: int,
      rule: { type: 'string', enum: RULES },
      settings: { type: 'object', description: 'the rule: indicators, tolerance (£) or amount (£)' },
      description: str,
      createdBy: str,
      createdAt: str,
    }),
  ),
});

export const DEFINITION_SCHEMA: Schema = obj({ definition: anyObject, standingRules });

export const CALCULATION_SCHEMA: Schema = obj({
  calculation,
  approval,
  totals: arr(
    obj({
      orgCode: str,
      orgKind: { type: 'string', enum: ['practice', 'commissioner'] },
      orgName: nstr,
      participating: bool,
      amount: num,
    }),
  ),
  standingRules,
  distributions: arr(
    obj({
      id: int,
      commissionerCode: str,
      option: { type: 'string', enum: ['per_registered', 'per_weighted', 'conditional', 'retain'] },
      amount: num,
      agendaItemId: int,
      decision: { type: ['string', 'null'], enum: ['carried', 'not_carried', null] },
      retained: nnum,
      practices: arr(obj({ orgCode: str, basis: nnum, rate: nnum, amount: num, note: str })),
    }),
  ),
  appeals: arr(appeal),
});

export const STATEMENT_SCHEMA: Schema = obj({
  calculation,
  approval,
  orgCode: str,
  orgKind: { type: 'string', enum: ['practice', 'commissioner'] },
  participating: bool,
  total: nnum,
  lines: arr(
    obj({
      lineNo: int,
      lineType: str,
      itemCode: str,
      itemName: nstr,
      numerator: nnum,
      eligible: nnum,
      exceptions: nnum,
      denominator: nnum,
      achievement: nnum,
      baseline: nnum,
      target: nnum,
      lowerThreshold: nnum,
      upperThreshold: nnum,
      pointsAvailable: nnum,
      pointsAchieved: nnum,
      practicePrevalence: nnum,
      nationalPrevalence: nnum,
      prevalenceFactor: nnum,
      listSize: nnum,
      nationalAverageList: nnum,
      listSizeFactor: nnum,
      adjustedPoints: nnum,
      rate: nnum,
      amount: num,
      note: str,
    }),
  ),
  appeals: arr(appeal),
});

const change = obj({ orgCode: str, before: num, after: num, change: num });
const equityGroup = obj({
  label: str,
  practices: int,
  patients: num,
  before: num,
  after: num,
  perPatientBefore: nnum,
  perPatientAfter: nnum,
  /** Practices flagged by the headline judgment on the scheme's indicators (release calculations). */
  flagged: nullable(int),
});

export const WHAT_IF_SCHEMA: Schema = obj({
  calculationId: int,
  asked: { type: 'object', description: 'the query fields read, as typed' },
  definition: anyObject,
  changed: { ...anyObject, type: ['object', 'null'] },
  problems: arr(obj({ path: str, message: str })),
  sameInputs: nullable(bool),
  comparison: obj(
    {
      totalBefore: num,
      totalAfter: num,
      totalChange: num,
      changes: arr(change),
      winners: arr(change),
      losers: arr(change),
    },
    true,
  ),
  equity: obj({ byDeprivation: arr(equityGroup), byListSize: arr(equityGroup), unplaced: arr(str) }, true),
});

const number = (name: string, description: string) => ({
  name,
  description,
  schema: { type: 'string', pattern: '^-?\\d{1,9}(\\.\\d{1,6})?$' } as Json,
});

export const WHAT_IF_QUERY: NonNullable<ApiRouteDescription['query']> = [
  number('pounds_per_point', 'QOF-style: £ per point'),
  number('cap', 'Premium and local: the cap, £ per patient'),
  number('points.CODE', 'Points of item CODE (one parameter per item, e.g. points.AF006)'),
  number('lower.CODE', 'Lower threshold (%) of QOF indicator CODE'),
  number('upper.CODE', 'Upper threshold (%) of QOF indicator CODE'),
  number('target.CODE', 'Target of premium measure or local indicator CODE'),
];
