// The commissioner's standing rules: the page that lists and changes them (commissioning managers and
// administrators), and the section the definition and calculation pages show — each rule, whether the
// scheme passes it, and why.
import type { SchemeStandingRules, StoredStandingRule } from '../../../app/schemes/standing-rules.ts';
import { errorSummary, formatDateTime, table, tag } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { csrfField, page, type Viewer } from '../../layout.ts';

const RULE_LABELS = {
  covers_indicators: 'Must cover named indicators',
  not_less_than_replaced: 'Must not pay less than the scheme it replaces',
  max_total_cost: 'Must cost at most a budget',
} as const;

/** Each rule's pass or fail with its reasons; `approving`: worded for the calculation page. */
export function standingRulesSection(view: SchemeStandingRules, approving: boolean): Html {
  const { check } = view;
  return html`<h2 id="standing-rules">Standing rules</h2>
${
  check.results.length === 0
    ? html`<p>No standing rules are set. <a href="/schemes/standing-rules">Standing rules</a></p>`
    : html`<p>${
        check.passed
          ? tag('Every standing rule passes', 'green')
          : tag(
              approving
                ? 'A standing rule fails: this calculation cannot be put to the committee'
                : 'A standing rule fails: the scheme cannot be approved',
              'red',
            )
      }</p>
<p>Tested on ${view.testedOn}. <a href="/schemes/standing-rules">All standing rules</a></p>
${table({
  caption: 'Standing rules and the result of each',
  head: ['Rule', 'Result', 'Why'],
  rows: check.results.map((r) => [
    r.description ?? r.rule,
    r.passed ? tag('Pass', 'green') : tag('Fail', 'red'),
    html`${r.reasons.map((reason, i) => html`${i > 0 ? html`<br>` : ''}${reason}`)}`,
  ]),
})}`
}`;
}

export interface StandingRulesForm {
  rule?: string;
  indicators?: string;
  tolerance?: string;
  amount?: string;
}

export function standingRulesPage(
  viewer: Viewer,
  rules: StoredStandingRule[],
  canManage: boolean,
  form: StandingRulesForm = {},
  error: { field: string; message: string } | null = null,
): string {
  const chosen = form.rule ?? 'covers_indicators';
  const radio = (value: keyof typeof RULE_LABELS) =>
    html`<div class="nhsuk-radios__item"><input class="nhsuk-radios__input" id="rule_${value}" name="rule" type="radio" value="${value}"${chosen === value ? ' checked' : ''}><label class="nhsuk-label nhsuk-radios__label" for="rule_${value}">${RULE_LABELS[value]}</label></div>`;
  const field = (id: string, label: string, hint: string, value: string | undefined, width: string) =>
    html`<div class="nhsuk-form-group${error?.field === id ? ' nhsuk-form-group--error' : ''}"><label class="nhsuk-label" for="${id}">${label}</label>
<div class="nhsuk-hint" id="${id}-hint">${hint}</div>
${error?.field === id ? html`<span class="nhsuk-error-message" id="${id}-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${error.message}</span>` : ''}
<input class="nhsuk-input ${width}" id="${id}" name="${id}" type="text" aria-describedby="${id}-hint" value="${value ?? ''}"></div>`;
  return page({
    title: error ? 'Error: Standing rules for local schemes' : 'Standing rules for local schemes',
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Incentive schemes', href: '/schemes' },
    ],
    content: html`${error ? errorSummary([error]) : ''}<h1>Standing rules for local schemes</h1>
<p>Every local scheme must pass these rules before it can be put to the committee for approval. Each
scheme's page shows whether it passes each rule and why; the rules that price a scheme are tested on
the achievement of its calculation, with every practice counted for the whole year.</p>
${
  rules.length === 0
    ? html`<p>No standing rules are set.</p>`
    : table({
        caption: 'Standing rules',
        head: ['Rule', 'Kind', 'Set by', ...(canManage ? ['Change'] : [])],
        rows: rules.map((r) => [
          r.description,
          RULE_LABELS[r.rule.rule],
          `${r.createdBy}, ${formatDateTime(r.createdAt)}`,
          ...(canManage
            ? [
                html`<form method="post" action="/schemes/standing-rules/${r.id}/delete" novalidate>${csrfField(viewer)}<button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">Remove<span class="nhsuk-u-visually-hidden"> rule ${r.id}</span></button></form>`,
              ]
            : []),
        ]),
      })
}
${
  canManage
    ? html`<h2>Add a rule</h2>
<form method="post" action="/schemes/standing-rules" novalidate>${csrfField(viewer)}
<div class="nhsuk-form-group${error?.field === 'rule' ? ' nhsuk-form-group--error' : ''}"><fieldset class="nhsuk-fieldset" id="rule"><legend class="nhsuk-fieldset__legend">Kind of rule</legend>
${error?.field === 'rule' ? html`<span class="nhsuk-error-message"><span class="nhsuk-u-visually-hidden">Error:</span> ${error.message}</span>` : ''}
<div class="nhsuk-radios">${radio('covers_indicators')}${radio('not_less_than_replaced')}${radio('max_total_cost')}</div></fieldset></div>
${field('indicators', 'Indicators the scheme must cover', 'For "must cover named indicators": Fairview indicator codes, separated by commas, like QOF-PREV-HYP, FT-91547', form.indicators, 'nhsuk-input--width-30')}
${field('tolerance', 'Shortfall allowed (£)', 'For "must not pay less": how many pounds less a practice may be paid; leave blank for none', form.tolerance, 'nhsuk-input--width-10')}
${field('amount', 'Budget (£)', 'For "must cost at most": the most the whole scheme may cost, like 250000', form.amount, 'nhsuk-input--width-10')}
<button class="nhsuk-button" type="submit">Add the rule</button></form>`
    : ''
}`,
  });
}
