/**
 * Peer review groups (issue 17, docs/openness.md): the groups the signed-in person may see, a form to
 * create one in a sub-ICB location they manage, and one group with its members, each practice's
 * recorded agreement, and the forms to join, leave or take a practice out, and to rename or delete
 * the group. Plain forms, no JS.
 */
import type { PeerGroupView } from '../../../app/releases/peer-review-group-access.ts';
import type { PeerGroupsView } from '../../../app/releases/peer-review-groups.ts';
import { html } from '../../html.ts';
import { csrfField, page, type Viewer } from '../../layout.ts';

const CRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Releases', href: '/releases' },
];

function errorSummary(error: string | null) {
  return error
    ? html`<div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
  <h2 class="nhsuk-error-summary__title" id="error-summary-title">There is a problem</h2>
  <div class="nhsuk-error-summary__body"><p>${error}</p></div>
</div>`
    : '';
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function peerReviewGroupsPage(
  viewer: Viewer,
  view: PeerGroupsView,
  error: string | null = null,
): string {
  return page({
    title: 'Peer review groups',
    viewer,
    breadcrumbs: CRUMBS,
    content: html`<h1>Peer review groups</h1>
${errorSummary(error)}
<p>Practices in a peer review group agreed to share identified data with each other: on the peers page,
members see each other by name. A practice joins or leaves by its own agreement, recorded with who agreed.</p>
${
  view.groups.length === 0
    ? html`<p>There are no peer review groups you can see.</p>`
    : html`<table class="nhsuk-table">
  <caption class="nhsuk-table__caption">Groups</caption>
  <thead class="nhsuk-table__head"><tr class="nhsuk-table__row"><th scope="col" class="nhsuk-table__header">Group</th><th scope="col" class="nhsuk-table__header">Sub-ICB location</th><th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">Practices</th></tr></thead>
  <tbody class="nhsuk-table__body">${view.groups.map(
    (g) =>
      html`<tr class="nhsuk-table__row"><td class="nhsuk-table__cell"><a href="/peer-review-groups/${g.id}">${g.name}</a></td><td class="nhsuk-table__cell">${g.areaName ?? g.areaCode ?? 'none'}</td><td class="nhsuk-table__cell nhsuk-table__cell--numeric">${g.members.length}</td></tr>`,
  )}</tbody>
</table>`
}
${
  view.areas.length > 0
    ? html`<h2>Create a group</h2>
<form method="post" action="/peer-review-groups">${csrfField(viewer)}
<div class="nhsuk-form-group"><label class="nhsuk-label" for="group-name">Name</label><input class="nhsuk-input" id="group-name" name="name" type="text" maxlength="200" required></div>
<div class="nhsuk-form-group"><label class="nhsuk-label" for="group-area">Sub-ICB location</label>
<select class="nhsuk-select" id="group-area" name="area">${view.areas.map(
        (a) => html`<option value="${a.code}">${a.name} (${a.code})</option>`,
      )}</select></div>
<button class="nhsuk-button" type="submit">Create group</button></form>`
    : ''
}`,
  });
}

export function peerReviewGroupPage(viewer: Viewer, g: PeerGroupView, error: string | null = null): string {
  const base = `/peer-review-groups/${g.id}`;
  return page({
    title: g.name,
    viewer,
    breadcrumbs: [...CRUMBS, { text: 'Peer review groups', href: '/peer-review-groups' }],
    content: html`<h1>${g.name}</h1>
${errorSummary(error)}
<p>Sub-ICB location: ${g.areaName ?? g.areaCode ?? 'none'}. Created by ${g.createdBy} on ${day(g.createdAt)}.</p>
<h2>Members</h2>
${
  g.members.length === 0
    ? html`<p>No practice has joined yet.</p>`
    : html`<table class="nhsuk-table">
  <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Members of ${g.name}</caption>
  <thead class="nhsuk-table__head"><tr class="nhsuk-table__row"><th scope="col" class="nhsuk-table__header">Practice</th><th scope="col" class="nhsuk-table__header">Agreed by</th><th scope="col" class="nhsuk-table__header">On</th><th scope="col" class="nhsuk-table__header"><span class="nhsuk-u-visually-hidden">Action</span></th></tr></thead>
  <tbody class="nhsuk-table__body">${g.members.map(
    (m) =>
      html`<tr class="nhsuk-table__row"><td class="nhsuk-table__cell"><a href="/practices/${m.practiceCode}">${m.practiceName ?? m.practiceCode}</a> (${m.practiceCode})</td><td class="nhsuk-table__cell">${m.agreedBy}</td><td class="nhsuk-table__cell">${day(m.agreedAt)}</td><td class="nhsuk-table__cell">${
        g.may.remove.includes(m.practiceCode)
          ? html`<form method="post" action="${base}/leave">${csrfField(viewer)}<input type="hidden" name="practice" value="${m.practiceCode}"><button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">Take ${m.practiceCode} out</button></form>`
          : ''
      }</td></tr>`,
  )}</tbody>
</table>`
}
${g.may.join.map(
  (
    code,
  ) => html`<form method="post" action="${base}/join">${csrfField(viewer)}<input type="hidden" name="practice" value="${code}">
<p>Joining shares ${code}'s identified figures with the other members, and lets ${code} see theirs.</p>
<button class="nhsuk-button" type="submit">Join as ${code}</button></form>`,
)}
${
  g.may.rename
    ? html`<h2>Rename the group</h2>
<form method="post" action="${base}/rename">${csrfField(viewer)}
<div class="nhsuk-form-group"><label class="nhsuk-label" for="group-new-name">New name</label><input class="nhsuk-input" id="group-new-name" name="name" type="text" maxlength="200" value="${g.name}" required></div>
<button class="nhsuk-button nhsuk-button--secondary" type="submit">Rename</button></form>`
    : ''
}
${
  g.may.delete
    ? html`<h2>Delete the group</h2>
<form method="post" action="${base}/delete">${csrfField(viewer)}
<p>Deleting the group ends every member's agreement to share within it. The audit log keeps who had agreed.</p>
<button class="nhsuk-button nhsuk-button--warning" type="submit">Delete ${g.name}</button></form>`
    : ''
}`,
  });
}
