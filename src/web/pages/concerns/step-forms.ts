// The forms of a concern's next steps, as the concern page offers them: only those the viewer may take
// now (ConcernView.steps), each posting to its route.
import type { ConcernView } from '../../../app/concerns/read.ts';
import { MAX_ATTACHMENT_BYTES } from '../../../domain/concerns/reply.ts';
import { OUTCOMES, type Step } from '../../../domain/concerns/workflow.ts';
import { formatNumber } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { csrfField, type Viewer } from '../../layout.ts';
import { keptValue, type Problem, postForm, select, textArea, textInput } from '../governance/forms.ts';

const OUTCOME_LABELS: Record<string, string> = {
  explained: 'Explained, close the concern',
  support_offered: 'Offer support',
  improvement_plan: 'Agree an improvement plan',
  referred: 'Refer to the contract holder',
};

/** The forms of the steps the viewer may take now, under "Next step" (nothing when there are none). */
export function stepForms(v: ConcernView, viewer: Viewer, problem: Problem | null): Html {
  const id = v.row.id;
  const val = (form: string, n: string, d = '') => keptValue(problem, form, n, d);
  const forms: Partial<Record<Step, Html>> = {
    triage: postForm(
      viewer,
      `/concerns/${id}/triage`,
      textArea({
        form: 'triage',
        name: 'note',
        label: 'Triage notes',
        value: val('triage', 'note'),
        problem,
      }),
      'Triage',
    ),
    notify_practice: postForm(
      viewer,
      `/concerns/${id}/notify`,
      html`${textArea({ form: 'notify', name: 'note', label: 'Message to the practice', value: val('notify', 'note'), problem })}
${textInput({ form: 'notify', name: 'reply_by', label: 'Reply by (YYYY-MM-DD)', value: val('notify', 'reply_by'), width: 10, problem })}`,
      'Notify the practice',
    ),
    reply: replyForm(id, viewer, val, problem),
    start_peer_review: postForm(
      viewer,
      `/concerns/${id}/peer-review`,
      html`${textInput({ form: 'peer', name: 'group_name', label: 'Peer review group', hint: 'Or leave empty and give a committee meeting.', value: val('peer', 'group_name'), problem })}
${textInput({ form: 'peer', name: 'meeting_id', label: 'Committee meeting number (optional)', hint: 'An item concerning the practice is added to its agenda, so conflicted members are recused.', value: val('peer', 'meeting_id'), width: 10, problem })}
${textArea({ form: 'peer', name: 'notes', label: 'Notes', value: val('peer', 'notes'), problem })}`,
      'Start peer review',
    ),
    record_outcome: outcomeForm(v, viewer, val, problem),
    refer: postForm(
      viewer,
      `/concerns/${id}/refer`,
      textArea({
        form: 'refer',
        name: 'note',
        label: 'Why refer to the contract holder',
        value: val('refer', 'note'),
        problem,
      }),
      'Refer to the contract holder',
    ),
    close: postForm(
      viewer,
      `/concerns/${id}/close`,
      textArea({ form: 'close', name: 'note', label: 'Why close', value: val('close', 'note'), problem }),
      'Close the concern',
      true,
    ),
  };
  const shown = v.steps.map((s) => forms[s]).filter((f): f is Html => f !== undefined);
  return shown.length === 0 ? html`` : html`<h2>Next step</h2>${shown}`;
}

/** What the viewer typed into a form that came back with a problem (or the default). */
type Kept = (form: string, name: string, fallback?: string) => string;

/** The practice's reply: its context in three parts and an optional attachment (a multipart form). */
function replyForm(id: number, viewer: Viewer, val: Kept, problem: Problem | null): Html {
  return html`<form action="/concerns/${id}/reply" method="post" enctype="multipart/form-data" novalidate>
${csrfField(viewer)}
${textArea({ form: 'reply', name: 'population_context', label: 'Population and demographics', hint: 'What about your registered population explains the figure.', value: val('reply', 'population_context'), problem })}
${textArea({ form: 'reply', name: 'data_quality', label: 'Data quality', hint: 'Coding, extraction or list problems behind the figure.', value: val('reply', 'data_quality'), problem })}
${textArea({ form: 'reply', name: 'actions_taken', label: 'Actions already taken', value: val('reply', 'actions_taken'), problem })}
<div class="nhsuk-form-group">
  <label class="nhsuk-label" for="reply-attachment">Attachment (optional)</label>
  <div class="nhsuk-hint" id="reply-attachment-hint">PDF, text, CSV, PNG, JPEG, Word or Excel, up to ${formatNumber(MAX_ATTACHMENT_BYTES / 1024 / 1024)} MB.</div>
  <input class="nhsuk-file-upload" id="reply-attachment" name="attachment" type="file" aria-describedby="reply-attachment-hint">
</div>
<button class="nhsuk-button" data-module="nhsuk-button" type="submit">Send reply</button>
</form>`;
}

/** The outcome, with the improvement plan's target and actions for when that is the outcome. */
function outcomeForm(v: ConcernView, viewer: Viewer, val: Kept, problem: Problem | null): Html {
  const id = v.row.id;
  return postForm(
    viewer,
    `/concerns/${id}/outcome`,
    html`${select({
      form: 'outcome',
      name: 'outcome',
      label: 'Outcome',
      value: val('outcome', 'outcome', 'explained'),
      options: (v.row.state === 'triaged' ? ['explained'] : OUTCOMES).map((o) => ({
        value: o,
        text: OUTCOME_LABELS[o] ?? o,
      })),
      problem,
    })}
${textArea({ form: 'outcome', name: 'notes', label: 'Reasons', value: val('outcome', 'notes'), problem })}
<fieldset class="nhsuk-fieldset"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Improvement plan (only for that outcome)</legend>
${textInput({ form: 'outcome', name: 'target', label: `Target for ${v.indicator?.code ?? 'the indicator'}`, value: val('outcome', 'target'), width: 10, problem })}
${
  v.row.indicator_id === null
    ? textInput({
        form: 'outcome',
        name: 'indicator_code',
        label: 'Indicator code to re-measure',
        hint: 'For example FT-91547.',
        value: val('outcome', 'indicator_code'),
        width: 20,
        problem,
      })
    : html`<input type="hidden" name="indicator_id" value="${String(v.row.indicator_id)}">`
}
${[1, 2, 3].map(
  (
    i,
  ) => html`${textInput({ form: 'outcome', name: `action_${i}`, label: `Action ${i}`, value: val('outcome', `action_${i}`), problem })}
${textInput({ form: 'outcome', name: `owner_${i}`, label: `Owner of action ${i}`, value: val('outcome', `owner_${i}`), problem })}
${textInput({ form: 'outcome', name: `due_${i}`, label: `Action ${i} due (YYYY-MM-DD)`, value: val('outcome', `due_${i}`), width: 10, problem })}`,
)}
</fieldset>`,
    'Record outcome',
  );
}
