// What the scheme pages' JSON twins under /api/schemes/… return: the same data the page renders, in
// plain JSON (dates as ISO text, amounts in £ as numbers to the penny). Described for /api/openapi.json
// in ./openapi-schemas.ts; keep the two in step.

import type { SchemeAppealRow, StatementLineRow } from '../../app/db.ts';
import type { PracticeStatementView } from '../../app/schemes/appeals.ts';
import type { Approval } from '../../app/schemes/approval-state.ts';
import type { OrgTotal } from '../../app/schemes/browse.ts';
import type { CalculationSummary } from '../../app/schemes/context.ts';
import type { DistributionView } from '../../app/schemes/distribution.ts';
import type { SchemeStandingRules } from '../../app/schemes/standing-rules.ts';
import type { WhatIfOutcome } from '../../app/schemes/what-if.ts';
import type { SchemeDefinition } from '../../domain/schemes/definition.ts';
import type { WhatIfForm } from '../pages/schemes/what-if.ts';

const iso = (d: Date | string | null): string | null =>
  d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString();

export function calculationSummaryJson(c: CalculationSummary) {
  return {
    id: c.id,
    scheme: c.schemeCode,
    schemeName: c.schemeName,
    kind: c.kind,
    version: c.version,
    period: c.period,
    sourceKind: c.source_kind,
    source: c.source,
    releaseId: c.release_id,
    statementCount: c.statement_count,
    lineCount: c.line_count,
    total: c.total_amount,
    inputsFingerprint: c.inputs_fingerprint,
    statementsChecksum: c.statements_checksum,
    createdAt: iso(c.created_at),
    createdBy: c.created_by,
  };
}

export function approvalJson(a: Approval) {
  return {
    status: a.status,
    agendaItemId: a.agendaItemId,
    meetingId: a.meetingId,
    decision: a.decision
      ? {
          outcome: a.decision.outcome,
          text: a.decision.decision_text,
          votesFor: a.decision.votes_for,
          votesAgainst: a.decision.votes_against,
          abstentions: a.decision.abstentions,
          decidedAt: iso(a.decision.decided_at),
        }
      : null,
  };
}

export function standingRulesJson(view: SchemeStandingRules | null) {
  if (!view) return null;
  return {
    passed: view.check.passed,
    testedOn: view.testedOn,
    results: view.check.results.map((r, i) => ({
      id: view.rules[i]?.id ?? null,
      rule: r.rule,
      description: r.description ?? r.rule,
      passed: r.passed,
      reasons: r.reasons,
    })),
  };
}

function appealJson(a: SchemeAppealRow) {
  return {
    id: a.id,
    orgCode: a.org_code,
    lineNo: a.line_no,
    reason: a.reason,
    raisedBy: a.raised_by,
    raisedAt: iso(a.raised_at),
    outcome: a.outcome,
    outcomeNote: a.outcome_note,
    decidedBy: a.decided_by,
    decidedAt: iso(a.decided_at),
  };
}

export interface CalculationView {
  calculation: CalculationSummary;
  approval: Approval;
  totals: OrgTotal[];
  standingRules: SchemeStandingRules | null;
  distributions: DistributionView[];
  appeals: SchemeAppealRow[];
}

export function calculationJson(view: CalculationView) {
  return {
    calculation: calculationSummaryJson(view.calculation),
    approval: approvalJson(view.approval),
    totals: view.totals,
    standingRules: standingRulesJson(view.standingRules),
    distributions: view.distributions.map((d) => ({
      id: d.row.id,
      commissionerCode: d.row.commissioner_code,
      option: d.row.option,
      amount: d.settings.amount,
      agendaItemId: d.row.agenda_item_id,
      decision: d.decision ? d.decision.outcome : null,
      retained: d.result ? d.result.retained : null,
      practices: d.result
        ? d.result.statements.map((s) => {
            const line = s.lines[0]!;
            return {
              orgCode: s.orgCode,
              basis: line.listSize,
              rate: line.rate,
              amount: s.amount,
              note: line.note,
            };
          })
        : [],
    })),
    appeals: view.appeals.map(appealJson),
  };
}

function lineJson(l: StatementLineRow) {
  return {
    lineNo: l.line_no,
    lineType: l.line_type,
    itemCode: l.item_code,
    itemName: l.item_name,
    numerator: l.numerator,
    eligible: l.eligible,
    exceptions: l.exceptions,
    denominator: l.denominator,
    achievement: l.achievement,
    baseline: l.baseline,
    target: l.target,
    lowerThreshold: l.lower_threshold,
    upperThreshold: l.upper_threshold,
    pointsAvailable: l.points_available,
    pointsAchieved: l.points_achieved,
    practicePrevalence: l.practice_prevalence,
    nationalPrevalence: l.national_prevalence,
    prevalenceFactor: l.prevalence_factor,
    listSize: l.list_size,
    nationalAverageList: l.national_average_list,
    listSizeFactor: l.list_size_factor,
    adjustedPoints: l.adjusted_points,
    rate: l.rate,
    amount: l.amount,
    note: l.note,
  };
}

export function statementJson(view: PracticeStatementView) {
  const total = view.lines.find((l) => l.line_type === 'total');
  return {
    calculation: calculationSummaryJson(view.calculation),
    approval: approvalJson(view.approval),
    orgCode: view.orgCode,
    orgKind: view.lines[0]?.org_kind ?? 'practice',
    participating: view.lines[0]?.participating ?? true,
    total: total?.amount ?? null,
    lines: view.lines.map(lineJson),
    appeals: view.appeals.map(appealJson),
  };
}

export interface WhatIfView {
  id: number;
  form: WhatIfForm;
  error: string | null;
  definition: SchemeDefinition;
  outcome: WhatIfOutcome | null;
}

export function whatIfJson(view: WhatIfView) {
  const o = view.outcome;
  return {
    calculationId: view.id,
    asked: view.form,
    definition: view.definition,
    changed: o?.changed ?? null,
    problems: o?.problems ?? [],
    sameInputs: o?.sameInputs ?? null,
    comparison: o?.comparison ?? null,
    equity: o?.equity ?? null,
  };
}

export interface DefinitionView {
  definition: SchemeDefinition;
  standingRules: SchemeStandingRules | null;
}

export function definitionJson(view: DefinitionView) {
  return { definition: view.definition, standingRules: standingRulesJson(view.standingRules) };
}

export function standingRuleListJson(view: {
  rules: { id: number; rule: { rule: string }; description: string; createdBy: string; createdAt: Date }[];
  canManage: boolean;
}) {
  return {
    canManage: view.canManage,
    rules: view.rules.map((r) => ({
      id: r.id,
      rule: r.rule.rule,
      settings: r.rule,
      description: r.description,
      createdBy: r.createdBy,
      createdAt: iso(r.createdAt),
    })),
  };
}
