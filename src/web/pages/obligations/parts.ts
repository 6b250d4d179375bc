/** Pieces the obligations pages share: status and escalation tags, the items table, form fields. */

import type { ItemStatus } from '../../../app/db.ts';
import type { ItemRow } from '../../../app/obligations/read.ts';
import { ESCALATION_LABELS, type EscalationLevel } from '../../../domain/obligations/escalation.ts';
import { errorSummary, type FieldError, formatDate, table, tag } from '../../components.ts';
import { type Html, html } from '../../html.ts';

export const STATUS_LABELS: Record<ItemStatus, string> = {
  due: 'Due',
  submitted: 'Made, awaiting decision',
  accepted: 'Accepted',
  queried: 'Queried',
};

export function statusTag(status: ItemStatus, overdue: boolean): Html {
  if (overdue) return tag(status === 'queried' ? 'Queried, overdue' : 'Overdue', 'red');
  const colour =
    status === 'accepted'
      ? 'green'
      : status === 'submitted'
        ? 'blue'
        : status === 'queried'
          ? 'orange'
          : 'grey';
  return tag(STATUS_LABELS[status], colour);
}

export function escalationTag(level: EscalationLevel): Html | string {
  if (level === 'none') return '';
  return tag(ESCALATION_LABELS[level], level === 'concern_open' ? 'red' : 'orange');
}

export function itemsTable(caption: string, items: readonly ItemRow[], showPractice: boolean): Html {
  if (items.length === 0) return html`<p>None.</p>`;
  return table({
    caption,
    head: [...(showPractice ? ['Practice'] : []), 'What', 'Period', 'Due', 'Status', 'Escalation'],
    rows: items.map((i) => [
      ...(showPractice
        ? [html`<a href="/obligations/practices/${i.practiceCode}">${i.practiceName} (${i.practiceCode})</a>`]
        : []),
      html`<a href="/obligations/${i.meetingId ? `meetings/${i.meetingId}` : `items/${i.id}`}">${i.what}</a>`,
      i.period,
      formatDate(i.dueOn),
      statusTag(i.status, i.overdue),
      escalationTag(i.escalation),
    ]),
  });
}

export function errorsOf(error: FieldError | null): Html {
  return error ? errorSummary([error]) : html``;
}

export function fieldError(error: FieldError | null, field: string): Html {
  return error && error.field === field
    ? html`<span class="nhsuk-error-message" id="${field}-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${error.message}</span>`
    : html``;
}

export function textareaField(o: {
  id: string;
  label: string;
  hint?: string;
  value?: string;
  error: FieldError | null;
  rows?: number;
}): Html {
  const bad = o.error?.field === o.id;
  return html`<div class="nhsuk-form-group${bad ? ' nhsuk-form-group--error' : ''}">
  <label class="nhsuk-label" for="${o.id}">${o.label}</label>
  ${o.hint ? html`<div class="nhsuk-hint" id="${o.id}-hint">${o.hint}</div>` : ''}
  ${fieldError(o.error, o.id)}
  <textarea class="nhsuk-textarea${bad ? ' nhsuk-textarea--error' : ''}" id="${o.id}" name="${o.id}" rows="${o.rows ?? 4}"${o.hint ? html` aria-describedby="${o.id}-hint"` : ''}>${o.value ?? ''}</textarea>
</div>`;
}

export function inputField(o: {
  id: string;
  label: string;
  hint?: string;
  value?: string;
  error: FieldError | null;
  width?: number;
  type?: string;
}): Html {
  const bad = o.error?.field === o.id;
  return html`<div class="nhsuk-form-group${bad ? ' nhsuk-form-group--error' : ''}">
  <label class="nhsuk-label" for="${o.id}">${o.label}</label>
  ${o.hint ? html`<div class="nhsuk-hint" id="${o.id}-hint">${o.hint}</div>` : ''}
  ${fieldError(o.error, o.id)}
  <input class="nhsuk-input${o.width ? ` nhsuk-input--width-${o.width}` : ''}${bad ? ' nhsuk-input--error' : ''}" id="${o.id}" name="${o.id}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.hint ? html` aria-describedby="${o.id}-hint"` : ''}>
</div>`;
}
