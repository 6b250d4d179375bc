/** The public decision log. Cards are h2 on the log page and h3 under the minutes' "Decisions". */
import type { PublicDecision } from '../../../app/governance/public-record.ts';
import { formatDate } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';
import { GOVERNANCE_CRUMBS } from './index.ts';

const ROUTE_TEXT: Record<PublicDecision['route'], string> = {
  act: 'Decided under delegation',
  joint: 'Decided jointly with NHS England',
  contract_holder: 'Recommendation to the contract holder (NHS England decides)',
};

export function decisionsList(decisions: PublicDecision[], withMeeting: boolean): Html {
  if (decisions.length === 0) return html`<p>No decisions have been published.</p>`;
  return html`${decisions.map(
    (d) => html`<div class="nhsuk-card"><div class="nhsuk-card__content">
${withMeeting ? html`<h2 class="nhsuk-card__heading">${d.itemTitle}</h2>` : html`<h3 class="nhsuk-card__heading">${d.itemTitle}</h3>`}
${withMeeting ? html`<p class="nhsuk-body-s">${d.committeeName}, ${d.meetingTitle} (${formatDate(d.heldOn)})</p>` : html``}
<p>${d.decisionText}</p>
<dl class="nhsuk-summary-list">
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Outcome</dt><dd class="nhsuk-summary-list__value">${d.outcome === 'carried' ? 'Carried' : 'Not carried'}: ${d.votesFor} for, ${d.votesAgainst} against, ${d.abstentions} abstaining</dd></div>
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Authority</dt><dd class="nhsuk-summary-list__value">${ROUTE_TEXT[d.route]}: ${d.routeReason}</dd></div>
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Quorum</dt><dd class="nhsuk-summary-list__value">${d.quorate ? 'Quorate' : 'Not quorate'}: ${d.counted} voting members counted, quorum ${d.threshold}</dd></div>
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Recusals</dt><dd class="nhsuk-summary-list__value">${
    d.recusals.length === 0
      ? 'None'
      : html`<ul class="nhsuk-list">${d.recusals.map((r) => html`<li>${r.member}: ${r.reason}${r.overridden ? ' (overridden, with a recorded reason)' : ''}</li>`)}</ul>`
  }</dd></div>
</dl>
</div></div>`,
  )}`;
}

export function decisionLogPage(viewer: Viewer | null, decisions: PublicDecision[]): string {
  return page({
    title: 'Decision log',
    viewer,
    breadcrumbs: GOVERNANCE_CRUMBS,
    content: html`<h1>Decision log</h1>
<p>Every published decision of the committees, with the votes, the quorum when it was taken, who was recused and under whose authority it was taken.</p>
${decisionsList(decisions, true)}`,
  });
}
