/**
 * The lineage page: merger candidates found from yearly snapshots (src/app/lineage/candidates.ts),
 * each with its evidence, for an administrator to confirm or reject; decisions so far below.
 */
import type { CandidateView } from '../../app/lineage/decide.ts';
import { formatDate, formatDateTime, formatNumber, insetText, table } from '../components.ts';
import { type Html, html } from '../html.ts';
import { csrfField, page, type Viewer } from '../layout.ts';

function practice(code: string, name: string | null, postcode: string | null): Html {
  return html`<a href="/practices/${encodeURIComponent(code)}">${name ?? code}</a> (${code}${postcode ? `, ${postcode}` : ''})`;
}

function evidence(c: CandidateView): Html {
  const gained = c.successor_after - (c.successor_before ?? 0);
  const before = c.successor_before === null ? 'no list' : formatNumber(c.successor_before);
  return html`<ul class="nhsuk-list nhsuk-body-s">
  <li>${c.predecessor_code} closed on ${formatDate(c.close_date)} (ODS); its last list was ${formatNumber(c.closed_list)} on ${formatDate(c.last_extract)}, and it had none on ${formatDate(c.next_extract)}</li>
  <li>${c.successor_code} went from ${before} to ${formatNumber(c.successor_after)} patients: ${c.successor_before === null ? 'a new list of' : 'a gain of'} ${formatNumber(gained)} (${Math.round((100 * gained) / c.closed_list)}% of the closed list)</li>
  <li>${c.proximity === 'same postcode sector' ? 'Same postcode sector' : 'Same postcode district'}</li>
</ul>`;
}

export function lineagePage(
  viewer: Viewer,
  candidates: CandidateView[],
  error: string | null = null,
): string {
  const pending = candidates.filter((c) => c.status === 'pending');
  const decided = candidates.filter((c) => c.status !== 'pending');
  return page({
    title: 'Lineage: merger candidates',
    viewer,
    breadcrumbs: [{ text: 'Home', href: '/' }],
    content: html`<h1>Lineage: merger candidates</h1>
<p>When registrations are yearly a closed practice’s patients can move to a neighbour without the data proving it. Each candidate below is a practice that closed while a practice in the same postcode district gained roughly its list between two extracts. Confirm a candidate to record it as a merger or succession (releases and pages then use it), or reject it. Every decision is audited.</p>
${error ? insetText(error) : html``}
<h2>Waiting for a decision</h2>
${
  pending.length === 0
    ? html`<p>No candidate is waiting.</p>`
    : pending.map(
        (c) => html`<div class="nhsuk-card"><div class="nhsuk-card__content">
<h3 class="nhsuk-card__heading">${c.kind === 'merger' ? 'Merger' : 'Succession'}: ${c.predecessor_name ?? c.predecessor_code} into ${c.successor_name ?? c.successor_code}</h3>
<p>${practice(c.predecessor_code, c.predecessor_name, c.predecessor_postcode)} → ${practice(c.successor_code, c.successor_name, c.successor_postcode)}</p>
${evidence(c)}
<form action="/lineage/candidates/${c.id}" method="post" novalidate>
  ${csrfField(viewer)}
  <div class="nhsuk-form-group">
    <label class="nhsuk-label" for="note-${c.id}">Note (optional)</label>
    <textarea class="nhsuk-textarea" id="note-${c.id}" name="note" rows="2"></textarea>
  </div>
  <div class="nhsuk-button-group">
    <button class="nhsuk-button" data-module="nhsuk-button" type="submit" name="decision" value="confirm">Confirm</button>
    <button class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" type="submit" name="decision" value="reject">Reject</button>
  </div>
</form>
</div></div>`,
      )
}
<h2>Decided</h2>
${
  decided.length === 0
    ? html`<p>No candidate has been decided yet.</p>`
    : table({
        caption: 'Decided candidates',
        captionHidden: true,
        head: ['Closed practice', 'Candidate successor', 'Decision', 'By', 'Note'],
        rows: decided.map((c) => [
          practice(c.predecessor_code, c.predecessor_name, null),
          practice(c.successor_code, c.successor_name, null),
          c.status === 'confirmed' ? 'Confirmed' : 'Rejected',
          `${c.decided_by ?? ''}${c.decided_at ? `, ${formatDateTime(c.decided_at)}` : ''}`,
          c.decision_note ?? '',
        ]),
      })
}`,
  });
}
