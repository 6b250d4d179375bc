/** Form fields in the NHS.UK design system's markup, with the error state each needs. */
import { errorSummary, type FieldError } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { csrfField, type Viewer } from '../../layout.ts';

/** A failed submission: the message (tied to a field) and what was typed, to show again. */
export interface Problem {
  /** The form the problem belongs to, so only that form shows it. */
  form: string;
  error: FieldError;
  values: Record<string, string>;
}

export function problemSummary(problem: Problem | null): Html {
  return problem ? errorSummary([problem.error]) : html``;
}

interface FieldOptions {
  /** The field's name; its id is `<form>-<name>`, unique on a page with several forms. */
  name: string;
  label: string;
  hint?: string;
  problem: Problem | null;
  form: string;
}

export function fieldId(form: string, name: string): string {
  return `${form}-${name}`;
}

function errorOf(o: FieldOptions): string | null {
  return o.problem?.form === o.form && o.problem.error.field === fieldId(o.form, o.name)
    ? o.problem.error.message
    : null;
}

export function keptValue(problem: Problem | null, form: string, name: string, fallback = ''): string {
  return problem?.form === form ? (problem.values[name] ?? fallback) : fallback;
}

function group(o: FieldOptions, control: (describedBy: string, invalid: boolean) => Html): Html {
  const error = errorOf(o);
  const id = fieldId(o.form, o.name);
  const ids = [o.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}">
  <label class="nhsuk-label" for="${id}">${o.label}</label>
  ${o.hint ? html`<div class="nhsuk-hint" id="${id}-hint">${o.hint}</div>` : html``}
  ${error ? html`<span class="nhsuk-error-message" id="${id}-error"><span class="nhsuk-u-visually-hidden">Error: </span>${error}</span>` : html``}
  ${control(ids, error !== null)}
</div>`;
}

const described = (ids: string): Html => (ids ? html` aria-describedby="${ids}"` : html``);

export function textInput(o: FieldOptions & { value: string; width?: 10 | 20 | 30 }): Html {
  return group(
    o,
    (ids, invalid) =>
      html`<input class="nhsuk-input${o.width ? ` nhsuk-input--width-${o.width}` : ''}${invalid ? ' nhsuk-input--error' : ''}" id="${fieldId(o.form, o.name)}" name="${o.name}" type="text" value="${o.value}"${described(ids)}>`,
  );
}

export function textArea(o: FieldOptions & { value: string; rows?: number }): Html {
  return group(
    o,
    (ids, invalid) =>
      html`<textarea class="nhsuk-textarea${invalid ? ' nhsuk-textarea--error' : ''}" id="${fieldId(o.form, o.name)}" name="${o.name}" rows="${o.rows ?? 4}"${described(ids)}>${o.value}</textarea>`,
  );
}

export function select(
  o: FieldOptions & { value: string; options: { value: string; text: string }[] },
): Html {
  return group(
    o,
    (ids, invalid) =>
      html`<select class="nhsuk-select${invalid ? ' nhsuk-select--error' : ''}" id="${fieldId(o.form, o.name)}" name="${o.name}"${described(ids)}>${o.options.map(
        (opt) =>
          html`<option value="${opt.value}"${opt.value === o.value ? html` selected` : html``}>${opt.text}</option>`,
      )}</select>`,
  );
}

/** Checkboxes (or radios) in a fieldset; the legend names the group. */
export function choices(o: {
  name: string;
  legend: string;
  hint?: string;
  type: 'checkbox' | 'radio';
  items: { value: string; text: string; checked: boolean }[];
  problem: Problem | null;
  form: string;
}): Html {
  const id = fieldId(o.form, o.name);
  const error = o.problem?.form === o.form && o.problem.error.field === id ? o.problem.error.message : null;
  const cls = o.type === 'checkbox' ? 'checkboxes' : 'radios';
  return html`<div class="nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}">
  <fieldset class="nhsuk-fieldset"${o.hint ? html` aria-describedby="${id}-hint"` : html``}>
    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">${o.legend}</legend>
    ${o.hint ? html`<div class="nhsuk-hint" id="${id}-hint">${o.hint}</div>` : html``}
    ${error ? html`<span class="nhsuk-error-message" id="${id}"><span class="nhsuk-u-visually-hidden">Error: </span>${error}</span>` : html``}
    <div class="nhsuk-${cls}">
      ${o.items.map(
        (item, i) => html`<div class="nhsuk-${cls}__item">
        <input class="nhsuk-${cls}__input" id="${i === 0 && !error ? id : `${id}-${i}`}" name="${o.name}" type="${o.type}" value="${item.value}"${item.checked ? html` checked` : html``}>
        <label class="nhsuk-label nhsuk-${cls}__label" for="${i === 0 && !error ? id : `${id}-${i}`}">${item.text}</label>
      </div>`,
      )}
    </div>
  </fieldset>
</div>`;
}

export function postForm(
  viewer: Viewer | null,
  action: string,
  body: Html,
  button: string,
  secondary = false,
): Html {
  return html`<form action="${action}" method="post" novalidate>
  ${csrfField(viewer)}
  ${body}
  <button class="nhsuk-button${secondary ? ' nhsuk-button--secondary' : ''}" data-module="nhsuk-button" type="submit">${button}</button>
</form>`;
}

/** Multi-line text as paragraphs, escaped. */
export function paragraphs(text: string): Html {
  return html`${text
    .split(/\r?\n\s*\r?\n/)
    .filter((p) => p.trim() !== '')
    .map((p) => html`<p>${p.trim()}</p>`)}`;
}
