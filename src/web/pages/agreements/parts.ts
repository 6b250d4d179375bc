/** Pieces the agreement and consultation pages share: guidance flags, status tables, form fields. */
import { CLAUSE_TAG_LABELS, type ClauseTag } from '../../../domain/agreements/clauses.ts';
import type { GuidanceFlag } from '../../../domain/agreements/guidance.ts';
import { type AgreementStatus, signedLine } from '../../../domain/agreements/status.ts';
import { type FieldError, formatNumber, table, tag } from '../../components.ts';
import { type Html, html } from '../../html.ts';

export interface FormState {
  values: Record<string, string>;
  errors: FieldError[];
}

export const EMPTY_FORM: FormState = { values: {}, errors: [] };

export function clauseTag(t: ClauseTag): Html {
  const colour = t === 'performance_management' || t === 'sanctions_removal' ? 'orange' : 'grey';
  return tag(CLAUSE_TAG_LABELS[t], colour);
}

/** The guidance checks as warning callouts, each with its reason; a plain line when none apply. */
export function guidanceFlags(flags: GuidanceFlag[], headingLevel: 2 | 3 = 2): Html {
  const heading = headingLevel === 2 ? html`<h2>Guidance checks</h2>` : html`<h3>Guidance checks</h3>`;
  if (flags.length === 0) {
    return html`${heading}<p>No guidance checks are flagged for this version.</p>`;
  }
  const label = (title: string): Html =>
    headingLevel === 2
      ? html`<h3 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>${title}</span></h3>`
      : html`<h4 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>${title}</span></h4>`;
  return html`${heading}
<p>${flags.length === 1 ? 'One check is' : `${flags.length} checks are`} flagged. Read ${flags.length === 1 ? 'it' : 'them'} before signing: the commissioner may issue a flagged agreement, but every practice should know why it was flagged.</p>
${flags.map(
  (f) => html`<div class="nhsuk-warning-callout" id="flag-${f.code}">
  ${label(f.title)}
  <p>${f.reason}</p>
  ${f.clauses.length > 0 ? html`<p>Clause${f.clauses.length > 1 ? 's' : ''}: ${f.clauses.map((n, i) => html`${i > 0 ? ', ' : ''}<a href="#clause-${n}">${n}</a>`)}</p>` : html``}
</div>`,
)}`;
}

export function statusTable(status: AgreementStatus, subIcbNames: ReadonlyMap<string, string>): Html {
  return html`<p class="nhsuk-body-l" id="signed-line"><strong>${signedLine(status.total)}</strong></p>
${table({
  caption: 'Responses by sub-ICB location',
  head: ['Sub-ICB location', 'Member practices', 'Signed', 'Vetoed', 'Not yet responded', 'Signed (%)'],
  numeric: [1, 2, 3, 4, 5],
  rows: [
    ...status.bySubIcb.map((s) => [
      s.subIcbCode ? `${subIcbNames.get(s.subIcbCode) ?? s.subIcbCode} (${s.subIcbCode})` : 'Not known',
      formatNumber(s.members),
      formatNumber(s.signed),
      formatNumber(s.vetoed),
      formatNumber(s.notResponded),
      s.signedPercent === null ? 'Not known' : `${s.signedPercent}%`,
    ]),
    ...(status.bySubIcb.length > 1
      ? [
          [
            html`<strong>All</strong>`,
            formatNumber(status.total.members),
            formatNumber(status.total.signed),
            formatNumber(status.total.vetoed),
            formatNumber(status.total.notResponded),
            status.total.signedPercent === null ? 'Not known' : `${status.total.signedPercent}%`,
          ],
        ]
      : []),
  ],
})}`;
}

function errorFor(form: FormState, field: string): FieldError | undefined {
  return form.errors.find((e) => e.field === field);
}

export interface FieldOptions {
  id: string;
  label: string;
  hint?: string | Html;
  form: FormState;
  /** Larger label, used when the field is the page's main question. */
  labelSize?: 's' | 'm';
}

function describedBy(o: FieldOptions): string {
  return [o.hint ? `${o.id}-hint` : '', errorFor(o.form, o.id) ? `${o.id}-error` : '']
    .filter(Boolean)
    .join(' ');
}

function group(o: FieldOptions, input: Html): Html {
  const error = errorFor(o.form, o.id);
  return html`<div class="nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}">
  <label class="nhsuk-label${o.labelSize ? ` nhsuk-label--${o.labelSize}` : ''}" for="${o.id}">${o.label}</label>
  ${o.hint ? html`<div class="nhsuk-hint" id="${o.id}-hint">${o.hint}</div>` : html``}
  ${error ? html`<span class="nhsuk-error-message" id="${o.id}-error"><span class="nhsuk-u-visually-hidden">Error: </span>${error.message}</span>` : html``}
  ${input}
</div>`;
}

export function textField(o: FieldOptions & { width?: 10 | 20 | 30 }): Html {
  const error = errorFor(o.form, o.id);
  const width = o.width ? ` nhsuk-input--width-${o.width}` : '';
  const described = describedBy(o);
  return group(
    o,
    html`<input class="nhsuk-input${width}${error ? ' nhsuk-input--error' : ''}" id="${o.id}" name="${o.id}" type="text" spellcheck="false" value="${o.form.values[o.id] ?? ''}"${described ? html` aria-describedby="${described}"` : html``}>`,
  );
}

export function textArea(o: FieldOptions & { rows?: number }): Html {
  const error = errorFor(o.form, o.id);
  const described = describedBy(o);
  return group(
    o,
    html`<textarea class="nhsuk-textarea${error ? ' nhsuk-textarea--error' : ''}" id="${o.id}" name="${o.id}" rows="${o.rows ?? 5}"${described ? html` aria-describedby="${described}"` : html``}>${o.form.values[o.id] ?? ''}</textarea>`,
  );
}

export interface RadioChoice {
  value: string;
  label: string;
}

/** Radios in a fieldset; ids are `${name}` for the first (what the error summary links to), then `${name}-2` … */
export function radios(o: {
  name: string;
  legend: string;
  choices: RadioChoice[];
  form: FormState;
  hint?: string;
}): Html {
  const error = errorFor(o.form, o.name);
  const described = [o.hint ? `${o.name}-hint` : '', error ? `${o.name}-error` : '']
    .filter(Boolean)
    .join(' ');
  return html`<div class="nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}">
<fieldset class="nhsuk-fieldset"${described ? html` aria-describedby="${described}"` : html``}>
  <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">${o.legend}</legend>
  ${o.hint ? html`<div class="nhsuk-hint" id="${o.name}-hint">${o.hint}</div>` : html``}
  ${error ? html`<span class="nhsuk-error-message" id="${o.name}-error"><span class="nhsuk-u-visually-hidden">Error: </span>${error.message}</span>` : html``}
  <div class="nhsuk-radios" data-module="nhsuk-radios">
    ${o.choices.map((c, i) => {
      const id = i === 0 ? o.name : `${o.name}-${i + 1}`;
      return html`<div class="nhsuk-radios__item">
      <input class="nhsuk-radios__input" id="${id}" name="${o.name}" type="radio" value="${c.value}"${o.form.values[o.name] === c.value ? html` checked` : html``}>
      <label class="nhsuk-label nhsuk-radios__label" for="${id}">${c.label}</label>
    </div>`;
    })}
  </div>
</fieldset>
</div>`;
}
