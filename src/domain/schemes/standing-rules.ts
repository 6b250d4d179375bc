// Standing rules: conditions a commissioner sets once and every scheme must pass before it can go to
// committee for approval (e.g. a local scheme must not pay any practice less than the national scheme
// it replaces for the same achievement; it must cover named indicators; it must fit the budget).
// The rules are configuration (JSON, read with `readStandingRules`), not part of the scheme: the
// scheme's author does not set the bar it is measured against.
import { formatPounds } from '../money.ts';
import { calculateScheme } from './calculate.ts';
import { at, Checker, type SchemeProblem } from './checker.ts';
import type { SchemeDefinition } from './definition.ts';
import type { SchemeInputs } from './inputs.ts';
import { ASSUMED_CONSENT } from './local.ts';
import { pounds } from './rounding.ts';

export type StandingRule =
  /** Every named indicator code must be in the scheme. */
  | { rule: 'covers_indicators'; indicators: string[] }
  /**
   * For the same achievement (the context's inputs), no practice may be paid less than under the
   * replaced scheme, by more than `tolerance` £. Compared for a full year with every practice taking
   * part, so that consent and joining dates do not hide a worse rate.
   */
  | { rule: 'not_less_than_replaced'; tolerance: number }
  /** The whole scheme, over the context's inputs, must cost at most `amount` £. */
  | { rule: 'max_total_cost'; amount: number };

export interface StandingRuleContext {
  rules: StandingRule[];
  /** Achievement to test the scheme on (e.g. last year's, from a release). */
  inputs: SchemeInputs | null;
  /** The scheme being replaced, and its own inputs when they differ from `inputs`. */
  replaced: { scheme: SchemeDefinition; inputs: SchemeInputs | null } | null;
  /** Why there are no `inputs` or no `replaced` scheme, in words (shown as the rule's reason). */
  missing?: { inputs?: string; replaced?: string };
}

export interface StandingRuleResult {
  rule: StandingRule['rule'];
  /** The rule in words (`describeStandingRule`). */
  description?: string;
  passed: boolean;
  /** Plain sentences: why it passed or each reason it failed. */
  reasons: string[];
}

export interface StandingRulesCheck {
  passed: boolean;
  results: StandingRuleResult[];
}

export function checkStandingRules(
  scheme: SchemeDefinition,
  context: StandingRuleContext,
): StandingRulesCheck {
  const results = context.rules.map((rule) => ({
    ...checkRule(scheme, rule, context),
    description: describeStandingRule(rule),
  }));
  return { passed: results.every((r) => r.passed), results };
}

function checkRule(
  scheme: SchemeDefinition,
  rule: StandingRule,
  context: StandingRuleContext,
): StandingRuleResult {
  switch (rule.rule) {
    case 'covers_indicators': {
      const codes = new Set(schemeCodes(scheme));
      const missing = rule.indicators.filter((code) => !codes.has(code));
      return missing.length === 0
        ? {
            rule: rule.rule,
            passed: true,
            reasons: [`covers every required indicator (${rule.indicators.join(', ')})`],
          }
        : {
            rule: rule.rule,
            passed: false,
            reasons: missing.map((code) => `does not cover required indicator ${code}`),
          };
    }
    case 'max_total_cost': {
      if (!context.inputs) return needsInputs(rule.rule, context);
      const cost = calculateScheme(scheme, fullParticipation(context.inputs)).totalAmount;
      return cost <= rule.amount
        ? {
            rule: rule.rule,
            passed: true,
            reasons: [`costs ${formatPounds(cost)}, within ${formatPounds(rule.amount)}`],
          }
        : {
            rule: rule.rule,
            passed: false,
            reasons: [`costs ${formatPounds(cost)}, over the limit of ${formatPounds(rule.amount)}`],
          };
    }
    case 'not_less_than_replaced':
      return notLessThanReplaced(scheme, rule.tolerance, context);
  }
}

function notLessThanReplaced(
  scheme: SchemeDefinition,
  tolerance: number,
  context: StandingRuleContext,
): StandingRuleResult {
  const rule = 'not_less_than_replaced';
  if (scheme.kind === 'local' && scheme.replaces === null)
    return { rule, passed: true, reasons: ['the scheme replaces no other scheme: nothing to compare'] };
  if (!context.replaced)
    return {
      rule,
      passed: false,
      reasons: [context.missing?.replaced ?? 'no replaced scheme given to compare with'],
    };
  if (!context.inputs) return needsInputs(rule, context);
  const ours = calculateScheme(scheme, fullParticipation(context.inputs));
  const theirs = calculateScheme(
    context.replaced.scheme,
    fullParticipation(context.replaced.inputs ?? context.inputs),
  );
  const before = new Map(theirs.statements.map((s) => [s.orgCode, s.amount]));
  const reasons: string[] = [];
  let compared = 0;
  for (const statement of ours.statements) {
    const old = before.get(statement.orgCode);
    if (old === undefined) continue;
    compared++;
    if (statement.amount < old - tolerance) {
      reasons.push(
        `${statement.orgCode} would be paid ${formatPounds(statement.amount)}, ${formatPounds(pounds(old - statement.amount))} less than ${formatPounds(old)} under ${context.replaced.scheme.id} v${context.replaced.scheme.version}`,
      );
    }
  }
  if (compared === 0)
    return { rule, passed: false, reasons: ['no practice is in both calculations: nothing to compare'] };
  if (reasons.length > 0) return { rule, passed: false, reasons };
  return {
    rule,
    passed: true,
    reasons: [
      `none of ${compared} practices would be paid less than under ${context.replaced.scheme.id} v${context.replaced.scheme.version}`,
    ],
  };
}

function needsInputs(rule: StandingRule['rule'], context: StandingRuleContext): StandingRuleResult {
  return {
    rule,
    passed: false,
    reasons: [context.missing?.inputs ?? 'needs achievement inputs to test the scheme on'],
  };
}

/** The rule in words, for pages and the agenda paper. */
export function describeStandingRule(rule: StandingRule): string {
  switch (rule.rule) {
    case 'covers_indicators':
      return `Covers the indicators ${rule.indicators.join(', ')}`;
    case 'not_less_than_replaced':
      return rule.tolerance === 0
        ? 'Pays no practice less than the scheme it replaces, for the same achievement'
        : `Pays no practice more than ${formatPounds(rule.tolerance)} less than the scheme it replaces, for the same achievement`;
    case 'max_total_cost':
      return `Costs at most ${formatPounds(rule.amount)} in all`;
  }
}

function schemeCodes(scheme: SchemeDefinition): string[] {
  return scheme.kind === 'quality_premium'
    ? scheme.measures.map((m) => m.code)
    : scheme.indicators.map((i) => i.code);
}

/** Every practice takes part for the whole year (for comparisons that must not depend on consent). */
function fullParticipation(inputs: SchemeInputs): SchemeInputs {
  return {
    ...inputs,
    practices: inputs.practices.map((p) => ({
      ...p,
      participation: { consentedOn: ASSUMED_CONSENT, joinedOn: null, leftOn: null },
    })),
  };
}

/** Reads standing rules from JSON (a list of rules), with each problem's path. */
export function readStandingRules(
  value: unknown,
): { ok: true; rules: StandingRule[] } | { ok: false; problems: SchemeProblem[] } {
  const c = new Checker();
  const rules: StandingRule[] = [];
  if (!Array.isArray(value)) {
    c.problem('', 'expected a list of standing rules');
    return { ok: false, problems: c.problems };
  }
  value.forEach((item, index) => {
    const path = at('', index);
    const o = c.object(item, path);
    if (!o) return;
    const kind = c.oneOf(o, 'rule', path, [
      'covers_indicators',
      'not_less_than_replaced',
      'max_total_cost',
    ] as const);
    if (kind === 'covers_indicators') {
      c.onlyKeys(o, ['rule', 'indicators'], path);
      const list = c.list(o, 'indicators', path, { minItems: 1 });
      if (list?.every((code) => typeof code === 'string' && code !== ''))
        rules.push({ rule: kind, indicators: list as string[] });
      else if (list) c.problem(at(path, 'indicators'), 'expected a list of indicator codes');
    } else if (kind === 'not_less_than_replaced') {
      c.onlyKeys(o, ['rule', 'tolerance'], path);
      const tolerance =
        o.tolerance === undefined ? 0 : c.number(o, 'tolerance', path, { min: 0 }, 'pounds of at least 0');
      if (tolerance !== null) rules.push({ rule: kind, tolerance });
    } else if (kind === 'max_total_cost') {
      c.onlyKeys(o, ['rule', 'amount'], path);
      const amount = c.number(o, 'amount', path, { min: 0 }, 'pounds of at least 0');
      if (amount !== null) rules.push({ rule: kind, amount });
    }
  });
  return c.problems.length > 0 ? { ok: false, problems: c.problems } : { ok: true, rules };
}
