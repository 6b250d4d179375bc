/** The consent register: each local contract or scheme version, who consented, when, and withdrawals. */
import type { ConsentRegister } from '../../../app/obligations/consent.ts';
import { ROLE_LABELS, type Role } from '../../../domain/roles.ts';
import { type FieldError, formatDateTime, table, tag } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { csrfField, page, type Viewer } from '../../layout.ts';
import { errorsOf, inputField, textareaField } from './parts.ts';

const KIND_LABELS = { local_contract: 'Local contract', scheme: 'Scheme' } as const;

export function consentRegisterPage(
  viewer: Viewer,
  r: ConsentRegister,
  may: { manage: boolean; consentFor: string[] },
  error: FieldError | null = null,
): string {
  const form = (subjectId: number, practiceCode: string): Html =>
    html`<form method="post" action="/consent/${subjectId}/consents">${csrfField(viewer)}<input type="hidden" name="practice_code" value="${practiceCode}"><button class="nhsuk-button nhsuk-button--secondary" type="submit">Consent for ${practiceCode}</button></form>`;
  return page({
    title: `Consent register: ${r.commissionerName}`,
    viewer,
    breadcrumbs: [{ text: 'Home', href: '/' }],
    content: html`${errorsOf(error)}<h1>Consent register: ${r.commissionerName} (${r.commissionerCode})</h1>
<p>Local contracts and schemes need each member practice's consent, version by version. The register shows who consented to what version, when and on whose authority, and any withdrawal with its reason.</p>
${r.subjects.length === 0 ? html`<p>Nothing has been put to the practices for consent yet.</p>` : ''}
${r.subjects.map((s) => {
  const standing = s.consents.filter((c) => !c.withdrawnAt);
  const mine = may.consentFor.filter((code) => !standing.some((c) => c.practiceCode === code));
  return html`<h2 id="subject-${s.id}">${s.title}, version ${s.version} ${tag(KIND_LABELS[s.kind], 'grey')}</h2>
<p>${s.description}</p>
<p><strong>${standing.length} of ${s.members} member practices consent.</strong></p>
${
  s.consents.length > 0
    ? table({
        caption: `Consents to ${s.title}, version ${s.version}`,
        head: ['Practice', 'Consented', 'By', 'Withdrawn'],
        rows: s.consents.map((c) => [
          `${c.practiceName} (${c.practiceCode})`,
          formatDateTime(c.consentedAt),
          `${c.consentedBy}, ${ROLE_LABELS[c.authorityRole as Role] ?? c.authorityRole}`,
          c.withdrawnAt
            ? `${formatDateTime(c.withdrawnAt)} by ${c.withdrawnBy}: ${c.reason}`
            : may.consentFor.includes(c.practiceCode)
              ? html`<form method="post" action="/consent/withdraw/${c.id}">${csrfField(viewer)}${inputField({ id: `reason`, label: 'Reason for withdrawing', error })}<button class="nhsuk-button nhsuk-button--warning" type="submit">Withdraw consent</button></form>`
              : '',
        ]),
      })
    : ''
}
${mine.map((code) => form(s.id, code))}`;
})}
${
  may.manage
    ? html`<h2>Put a local contract or scheme to the practices</h2>
<form method="post" action="/consent?org=${r.commissionerCode}" novalidate>${csrfField(viewer)}
<div class="nhsuk-form-group"><label class="nhsuk-label" for="kind">Kind</label><select class="nhsuk-select" id="kind" name="kind"><option value="local_contract">Local contract</option><option value="scheme">Scheme</option></select></div>
${inputField({ id: 'title', label: 'Title (the same title again makes a new version)', error })}
${textareaField({ id: 'description', label: 'What the practices consent to', error })}
<button class="nhsuk-button" type="submit">Put it to the practices</button></form>`
    : ''
}`,
  });
}
