/**
 * One obligation item: what the clause obliges, the period and due date, its status and escalation,
 * each return made (with a scorecard review's frozen figures, a financial return's lines, a file), the
 * reminders sent, and the forms the viewer may use: make the return, accept or query it, open a concern.
 */

import type { ItemView } from '../../../app/obligations/read.ts';
import { flagPositionWords } from '../../../domain/judgment/flag-words.ts';
import { formatPounds } from '../../../domain/money.ts';
import { EVIDENCE_LABELS } from '../../../domain/obligations/clause-obligation.ts';
import { FINANCIAL_RETURN_LINES } from '../../../domain/obligations/financial-return.ts';
import { ROLE_LABELS, type Role } from '../../../domain/roles.ts';
import {
  type FieldError,
  formatDate,
  formatDateTime,
  formatNumber,
  summaryList,
  table,
} from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { csrfField, page, type Viewer } from '../../layout.ts';
import { errorsOf, escalationTag, inputField, statusTag, textareaField } from './parts.ts';

export interface ItemPermissions {
  submit: boolean;
  decide: boolean;
  openConcern: boolean;
}

const STEP_LABELS: Record<string, string> = {
  due_soon: 'Reminder before the due date (practice)',
  overdue: 'Overdue reminder (practice)',
  manager: 'Escalated to the commissioning manager',
  concern: 'Three weeks overdue: a concern may be opened (commissioner, LMC, practice)',
};

const pounds = (n: unknown) => formatPounds(Number(n));

function submissionContent(evidence: string, content: unknown): Html {
  if (evidence === 'scorecard_review') {
    const c = content as {
      release: string | null;
      figures: {
        code: string;
        name: string;
        period: string | null;
        value: number | null;
        peerValue: number | null;
        flag: string | null;
        note: string | null;
      }[];
    };
    return html`<p>Figures from release ${c.release ?? 'none published'}, as the practice reviewed them:</p>${table(
      {
        caption: 'Scorecard figures reviewed',
        head: ['Indicator', 'Period', 'Value', 'Peers', 'Flag', 'The practice’s note'],
        numeric: [2, 3],
        rows: c.figures.map((f) => [
          `${f.name} (${f.code})`,
          f.period ?? 'No figure',
          formatNumber(f.value, 2),
          formatNumber(f.peerValue, 2),
          f.flag ? (flagPositionWords(f.flag) ?? 'Not flagged') : 'Not flagged',
          f.note ?? '',
        ]),
      },
    )}`;
  }
  if (evidence === 'financial_return') {
    const c = content as {
      lines: Record<string, number>;
      totalIncome: number;
      totalExpenditure: number;
      balance: number;
    };
    return table({
      caption: 'Financial return',
      head: ['Line', 'Amount'],
      numeric: [1],
      rows: [
        ...FINANCIAL_RETURN_LINES.map((l) => [l.label, pounds(c.lines[l.code])]),
        [html`<strong>Total income</strong>`, pounds(c.totalIncome)],
        [html`<strong>Total expenditure</strong>`, pounds(c.totalExpenditure)],
        [html`<strong>Balance</strong>`, pounds(c.balance)],
      ],
    });
  }
  return html``;
}

function returnForm(
  viewer: Viewer,
  v: ItemView,
  error: FieldError | null,
  values: Record<string, string>,
): Html {
  const e = v.item.evidence;
  const action = `/obligations/items/${v.item.id}/returns`;
  const fields: Html[] = [];
  if (e === 'scorecard_review') {
    fields.push(
      html`<p>The practice's latest published figures on the indicators the clause names (release ${v.figures?.release ?? 'none published yet'}). They are frozen into the return as you see them.</p>`,
    );
    for (const f of v.figures?.rows ?? [])
      fields.push(
        textareaField({
          id: `note_${f.code}`,
          label: `${f.name} (${f.code}): ${f.period ? `${formatNumber(f.value, 2)} in ${f.period}, peers ${formatNumber(f.peerValue, 2)}${flagPositionWords(f.flag) ? `, ${flagPositionWords(f.flag)}` : ''}` : 'no published figure'}`,
          hint: 'What the practice makes of this figure (optional)',
          value: values[`note_${f.code}`],
          error,
          rows: 2,
        }),
      );
    fields.push(
      textareaField({
        id: 'statement',
        label: 'What the review found and what the practice will do',
        value: values.statement,
        error,
      }),
    );
  } else if (e === 'financial_return') {
    for (const l of FINANCIAL_RETURN_LINES)
      fields.push(
        inputField({ id: l.code, label: `${l.label} (£)`, value: values[l.code], error, width: 10 }),
      );
    fields.push(
      textareaField({ id: 'statement', label: 'Notes (optional)', value: values.statement, error, rows: 3 }),
    );
  } else if (e === 'file') {
    fields.push(html`<div class="nhsuk-form-group${error?.field === 'file' ? ' nhsuk-form-group--error' : ''}">
  <label class="nhsuk-label" for="file">The file (5 MB at most)</label>
  ${error?.field === 'file' ? html`<span class="nhsuk-error-message" id="file-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${error.message}</span>` : ''}
  <input class="nhsuk-file-upload" id="file" name="file" type="file">
</div>`);
    fields.push(
      textareaField({
        id: 'statement',
        label: 'What the file is (optional)',
        value: values.statement,
        error,
        rows: 3,
      }),
    );
  } else {
    fields.push(textareaField({ id: 'statement', label: 'The statement', value: values.statement, error }));
  }
  return html`<h2>Make the return</h2>
<form method="post" action="${action}"${e === 'file' ? html` enctype="multipart/form-data"` : ''} novalidate>
${csrfField(viewer)}
${fields}
<button class="nhsuk-button" type="submit">Make the return</button>
</form>`;
}

export function itemPage(
  viewer: Viewer,
  v: ItemView,
  may: ItemPermissions,
  problem: { error: FieldError; values: Record<string, string> } | null = null,
): string {
  const i = v.item;
  const error = problem?.error ?? null;
  const values = problem?.values ?? {};
  const latest = v.submissions.at(-1);
  return page({
    title: `${i.what}: ${i.period}`,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Obligations', href: '/obligations' },
      { text: i.practice_name, href: `/obligations/practices/${i.practice_code}` },
    ],
    content: html`${errorsOf(error)}
<span class="nhsuk-caption-l">${i.practice_name} (${i.practice_code})</span>
<h1>${i.what}: ${i.period}</h1>
${summaryList([
  { key: 'Status', value: html`${statusTag(i.status, v.overdue)} ${escalationTag(i.escalation)}` },
  { key: 'Due', value: formatDate(i.due_on) },
  { key: 'Evidence', value: EVIDENCE_LABELS[i.evidence] },
  {
    key: 'Obliged by',
    value: html`<a href="/agreements/${i.agreement_id}#clause-${i.clause_position}">${i.agreement_title}, version ${i.version}, clause ${i.clause_position}: ${v.clauseHeading}</a>`,
  },
  ...(i.indicator_codes.length > 0 ? [{ key: 'Indicators', value: i.indicator_codes.join(', ') }] : []),
  ...(i.concern_id
    ? [{ key: 'Concern', value: html`<a href="/concerns/${i.concern_id}">Concern ${i.concern_id}</a>` }]
    : []),
])}
${v.meetingId ? html`<p><a href="/obligations/meetings/${v.meetingId}">The review meeting</a></p>` : ''}
<h2>Returns made</h2>
${
  v.submissions.length === 0
    ? html`<p>No return has been made yet.</p>`
    : v.submissions.map(
        (s, n) => html`<div class="nhsuk-card"><div class="nhsuk-card__content">
  <h3 class="nhsuk-card__heading">Return ${n + 1}, ${formatDateTime(s.submittedAt)}</h3>
  <p class="nhsuk-body-s">By ${s.submittedBy}, as ${ROLE_LABELS[s.authorityRole as Role] ?? s.authorityRole}</p>
  ${s.statement ? html`<p>${s.statement}</p>` : ''}
  ${submissionContent(i.evidence, s.content)}
  ${s.fileName ? html`<p><a href="/obligations/returns/${s.id}/file">${s.fileName}</a> (${formatNumber(s.fileSize)} bytes, SHA-256 ${s.fileSha256?.slice(0, 12)}…)</p>` : ''}
  ${s.decision ? html`<p><strong>${s.decision === 'accepted' ? 'Accepted' : 'Queried'}</strong> by ${s.decidedBy} on ${formatDateTime(s.decidedAt!)}${s.decisionNote ? html`: ${s.decisionNote}` : ''}</p>` : html`<p>Waiting for the commissioner's decision.</p>`}
</div></div>`,
      )
}
${may.submit && (i.status === 'due' || i.status === 'queried') && i.evidence !== 'review_meeting' ? returnForm(viewer, v, error, values) : ''}
${
  may.decide && i.status === 'submitted' && latest
    ? html`<h2>Decide the return</h2>
<form method="post" action="/obligations/items/${i.id}/decision" novalidate>
${csrfField(viewer)}
<div class="nhsuk-form-group${error?.field === 'decision' ? ' nhsuk-form-group--error' : ''}"><fieldset class="nhsuk-fieldset"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Decision</legend>
<div class="nhsuk-radios">
<div class="nhsuk-radios__item"><input class="nhsuk-radios__input" id="decision" name="decision" type="radio" value="accepted"><label class="nhsuk-label nhsuk-radios__label" for="decision">Accept it</label></div>
<div class="nhsuk-radios__item"><input class="nhsuk-radios__input" id="decision-queried" name="decision" type="radio" value="queried"><label class="nhsuk-label nhsuk-radios__label" for="decision-queried">Query it</label></div>
</div></fieldset></div>
${textareaField({ id: 'note', label: 'Note (needed to query: what the practice should answer)', value: values.note, error, rows: 3 })}
<button class="nhsuk-button" type="submit">Record the decision</button>
</form>`
    : ''
}
${
  may.openConcern &&
  i.escalation === 'concern_open' &&
  !i.concern_id &&
  (i.status === 'due' || i.status === 'queried')
    ? html`<h2>Open a concern</h2>
<p>This return is three weeks overdue after a reminder and the commissioning manager's follow-up. A concern gives the practice its right of reply, and it may invite its LMC representative.</p>
<form method="post" action="/obligations/items/${i.id}/concern">${csrfField(viewer)}<button class="nhsuk-button nhsuk-button--secondary" type="submit">Open a concern</button></form>`
    : ''
}
<h2>Reminders</h2>
${
  v.reminders.length === 0
    ? html`<p>None sent.</p>`
    : table({
        caption: 'Reminders and escalations sent by the scheduler',
        head: ['Step', 'Fell due', 'Sent', 'People told'],
        numeric: [3],
        rows: v.reminders.map((r) => [
          STEP_LABELS[r.step] ?? r.step,
          formatDateTime(r.dueAt),
          r.deliveredAt ? formatDateTime(r.deliveredAt) : 'Queued',
          formatNumber(r.recipients),
        ]),
      })
}`,
  });
}
