/**
 * One quarterly practice review meeting: when and where, its agenda (the practice's flags, overdue
 * returns, earlier actions to follow up; frozen when the papers went out), its notes and actions,
 * and — for the commissioner before it is recorded — the forms to move it and to record it.
 */
import type { MeetingView } from '../../../app/obligations/read.ts';
import { type FieldError, formatDate, formatDateTime, summaryList, table } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { csrfField, page, type Viewer } from '../../layout.ts';
import { errorsOf, inputField, textareaField } from './parts.ts';

export const NEW_ACTION_ROWS = 3;

const ACTION_STATUS: Record<string, string> = { open: 'Open', done: 'Done', dropped: 'Dropped' };

export function meetingPage(
  viewer: Viewer,
  m: MeetingView,
  mayManage: boolean,
  problem: { error: FieldError; values: Record<string, string> } | null = null,
): string {
  const error = problem?.error ?? null;
  const values = problem?.values ?? {};
  const recordForm: Html =
    mayManage && m.notes === null
      ? html`<h2>Record the meeting</h2>
<form method="post" action="/obligations/meetings/${m.id}/record" novalidate>
${csrfField(viewer)}
${textareaField({ id: 'notes', label: 'Notes of the meeting', value: values.notes, error, rows: 6 })}
${
  m.followUps.length > 0
    ? html`<h3>Follow-up of earlier actions</h3>${m.followUps.map(
        (
          f,
        ) => html`<div class="nhsuk-form-group"><label class="nhsuk-label" for="follow_${f.id}">${f.action} (owner ${f.owner}, due ${formatDate(f.dueOn)})</label>
<select class="nhsuk-select" id="follow_${f.id}" name="follow_${f.id}"><option value="open">Still open</option><option value="done">Done</option><option value="dropped">Dropped</option></select></div>
${inputField({ id: `follow_note_${f.id}`, label: 'What became of it (optional)', value: values[`follow_note_${f.id}`], error })}`,
      )}`
    : ''
}
<h3>New actions</h3>
<p>Each action needs an owner and a date; it is followed up at the next meeting.</p>
${Array.from(
  { length: NEW_ACTION_ROWS },
  (
    _,
    i,
  ) => html`<fieldset class="nhsuk-fieldset"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Action ${i + 1}</legend>
${inputField({ id: `action_${i}`, label: 'What is to be done', value: values[`action_${i}`], error })}
${inputField({ id: `owner_${i}`, label: 'Owner', value: values[`owner_${i}`], error, width: 20 })}
${inputField({ id: `due_on_${i}`, label: 'Due (YYYY-MM-DD)', value: values[`due_on_${i}`], error, width: 10 })}
</fieldset>`,
)}
<button class="nhsuk-button" type="submit">Record the meeting</button>
</form>
<h2>Move the meeting</h2>
<form method="post" action="/obligations/meetings/${m.id}/schedule" novalidate>
${csrfField(viewer)}
${inputField({ id: 'scheduled_on', label: 'Date (YYYY-MM-DD)', value: values.scheduled_on ?? m.scheduledOn, error, width: 10 })}
${inputField({ id: 'location', label: 'Where (optional)', value: values.location ?? m.location ?? '', error })}
<button class="nhsuk-button nhsuk-button--secondary" type="submit">Move it</button>
</form>`
      : html``;
  return page({
    title: `Review meeting: ${m.practiceName}, ${m.period}`,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Obligations', href: '/obligations' },
      { text: m.practiceName, href: `/obligations/practices/${m.practiceCode}` },
    ],
    content: html`${errorsOf(error)}
<span class="nhsuk-caption-l">${m.practiceName} (${m.practiceCode})</span>
<h1>Practice review meeting, ${m.period}</h1>
${summaryList([
  { key: 'Date', value: formatDate(m.scheduledOn) },
  { key: 'Where', value: m.location ?? 'Not set' },
  {
    key: 'Papers',
    value: m.papersSentAt ? `Sent ${formatDateTime(m.papersSentAt)}` : 'Go out five days before the meeting',
  },
  { key: 'Recorded', value: m.recordedAt ? `${formatDateTime(m.recordedAt)} by ${m.recordedBy}` : 'Not yet' },
])}
<h2>Agenda${m.agendaFrozen ? '' : ' (as it stands today)'}</h2>
<ol class="nhsuk-list nhsuk-list--number">${m.agenda.map((e) => html`<li><strong>${e.title}</strong><br><span class="nhsuk-body-s">${e.detail}</span></li>`)}</ol>
${m.notes ? html`<h2>Notes</h2><p>${m.notes}</p>` : ''}
${
  m.actions.length > 0
    ? table({
        caption: 'Actions agreed at this meeting',
        head: ['Action', 'Owner', 'Due', 'Status', 'Follow-up'],
        rows: m.actions.map((a) => [
          a.action,
          a.owner,
          formatDate(a.dueOn),
          ACTION_STATUS[a.status] ?? a.status,
          a.followUpMeetingId
            ? html`<a href="/obligations/meetings/${a.followUpMeetingId}">${a.followUpNote ?? 'At the next meeting'}</a>`
            : '',
        ]),
      })
    : ''
}
${
  m.followedUp.length > 0
    ? table({
        caption: 'Earlier actions followed up at this meeting',
        head: ['Action', 'Status', 'Note'],
        rows: m.followedUp.map((a) => [a.action, ACTION_STATUS[a.status] ?? a.status, a.note ?? '']),
      })
    : ''
}
${recordForm}`,
  });
}
