/** Pages for inter-practice agreements: the list, one version with its status, and the drafting form. */
import type { AgreementSummary, AgreementVersionView } from '../../../app/agreements/read.ts';
import { LMC_POSITION_LABELS } from '../../../app/agreements/responses.ts';
import { CLAUSE_TAG_LABELS, CLAUSE_TAGS, type Clause, tagSlug } from '../../../domain/agreements/clauses.ts';
import type { GuidanceFlag } from '../../../domain/agreements/guidance.ts';
import { signedLine } from '../../../domain/agreements/status.ts';
import { ROLE_LABELS, type Role } from '../../../domain/roles.ts';
import { errorSummary, formatDateTime, insetText, summaryList, table, tag } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { type Crumb, csrfField, page, type Viewer } from '../../layout.ts';
import { renderMarkdown } from './markdown.ts';
import {
  clauseTag,
  type FormState,
  guidanceFlags,
  radios,
  statusTable,
  textArea,
  textField,
} from './parts.ts';

const LIST_CRUMBS: Crumb[] = [{ text: 'Home', href: '/' }];
const crumbs = (): Crumb[] => [...LIST_CRUMBS, { text: 'Agreements', href: '/agreements' }];

export function agreementsListPage(
  viewer: Viewer,
  agreements: AgreementSummary[],
  canDraft: boolean,
): string {
  return page({
    title: 'Inter-practice agreements',
    viewer,
    breadcrumbs: LIST_CRUMBS,
    content: html`<h1>Inter-practice agreements</h1>
<p>Agreements between a commissioner’s member practices. Each practice signs or vetoes the current version; the LMC records its response. Guidance checks flag clauses that need care before anyone signs.</p>
${canDraft ? html`<p><a class="nhsuk-button" href="/agreements/new">Draft an agreement</a></p>` : html``}
${
  agreements.length === 0
    ? html`<p>No agreements have been issued yet.</p>`
    : table({
        caption: 'Agreements',
        captionHidden: true,
        head: ['Agreement', 'Commissioner', 'Current version', 'Status'],
        rows: agreements.map((a) => [
          html`<a href="/agreements/${a.id}">${a.title}</a>`,
          `${a.commissionerName} (${a.commissionerCode})`,
          `Version ${a.currentVersion}, issued ${formatDateTime(a.issuedAt)}`,
          html`${signedLine(a.status.total)}${a.status.total.vetoed > 0 ? html`; ${a.status.total.vetoed} vetoed` : html``}`,
        ]),
      })
}
<p><a href="/consultations">Member consultations</a></p>`,
  });
}

function clauseList(clauses: Clause[]): Html {
  return html`${clauses.map(
    (
      c,
    ) => html`<section class="nhsuk-u-margin-bottom-5" id="clause-${c.position}" aria-labelledby="clause-${c.position}-heading">
  <h3 id="clause-${c.position}-heading">${c.heading}</h3>
  <p>${clauseTag(c.tag)}</p>
  ${renderMarkdown(c.body, { topHeading: 4 })}
</section>`,
  )}`;
}

function authorityLabel(role: string, code: string): string {
  return `${ROLE_LABELS[role as Role] ?? role} for ${code}`;
}

export interface AgreementPageOptions {
  viewer: Viewer;
  view: AgreementVersionView;
  subIcbNames: ReadonlyMap<string, string>;
  /** Member practices the viewer may still sign or veto for (current version only). */
  respondFor: { code: string; name: string }[];
  canRespondAsLmc: boolean;
  canIssueVersion: boolean;
  form?: FormState;
  /** A refusal to show at the top (a second response, a replaced version …). */
  problem?: string | null;
}

function responseForm(o: AgreementPageOptions): Html {
  if (o.respondFor.length === 0) return html``;
  const form = o.form ?? { values: {}, errors: [] };
  const single = o.respondFor.length === 1 ? o.respondFor[0]! : null;
  return html`<h2 id="respond">Sign or veto for your practice</h2>
<p>Your response is final for version ${o.view.version.version}: it is recorded with your name, the time and the role you hold for the practice. Read the guidance checks first.</p>
<form action="/agreements/${o.view.agreementId}/respond" method="post" novalidate>
  ${csrfField(o.viewer)}
  <input type="hidden" name="version_id" value="${o.view.version.id}">
  ${
    single
      ? html`<input type="hidden" name="practice_code" value="${single.code}"><p>Responding for <strong>${single.name} (${single.code})</strong>.</p>`
      : radios({
          name: 'practice_code',
          legend: 'Which practice are you responding for?',
          choices: o.respondFor.map((p) => ({ value: p.code, label: `${p.name} (${p.code})` })),
          form,
        })
  }
  ${radios({
    name: 'decision',
    legend: 'Your practice’s decision',
    choices: [
      { value: 'signed', label: `Sign version ${o.view.version.version}` },
      { value: 'vetoed', label: `Veto version ${o.view.version.version}` },
    ],
    form,
  })}
  ${textArea({ id: 'reason', label: 'Reason (optional)', hint: 'Shown to the commissioner, the LMC and the other member practices', form, rows: 4 })}
  <button class="nhsuk-button" data-module="nhsuk-button" type="submit">Record the practice’s decision</button>
</form>`;
}

function lmcSection(o: AgreementPageOptions): Html {
  const r = o.view.lmcResponse;
  const heading = html`<h2 id="lmc">The LMC’s response</h2>`;
  if (r) {
    return html`${heading}
${summaryList([
  { key: 'Position', value: LMC_POSITION_LABELS[r.position] },
  { key: 'Response', value: r.response },
  { key: 'Recorded by', value: `${r.respondedBy}, LMC representative for ${r.authorityCode}` },
  { key: 'Recorded', value: formatDateTime(r.respondedAt) },
])}`;
  }
  if (!o.canRespondAsLmc) return html`${heading}<p>The LMC has not responded to this version yet.</p>`;
  const form = o.form ?? { values: {}, errors: [] };
  return html`${heading}
<p>The LMC has not responded to this version yet. As its representative you can record its consultation response.</p>
<form action="/agreements/${o.view.agreementId}/lmc-response" method="post" novalidate>
  ${csrfField(o.viewer)}
  <input type="hidden" name="version_id" value="${o.view.version.id}">
  ${radios({
    name: 'position',
    legend: 'The LMC’s position',
    choices: Object.entries(LMC_POSITION_LABELS).map(([value, label]) => ({ value, label })),
    form,
  })}
  ${textArea({ id: 'response', label: 'The LMC’s response', form, rows: 5 })}
  <button class="nhsuk-button" data-module="nhsuk-button" type="submit">Record the LMC’s response</button>
</form>`;
}

function responsesTable(view: AgreementVersionView): Html {
  if (view.responses.length === 0) return html`<p>No practice has responded to this version yet.</p>`;
  return table({
    caption: 'Practice responses',
    captionHidden: true,
    scrollable: true,
    head: ['Practice', 'Decision', 'Reason', 'Recorded by', 'On the authority of', 'When'],
    rows: view.responses.map((r) => [
      html`<a href="/practices/${r.practiceCode}">${r.practiceName}</a> (${r.practiceCode})`,
      r.decision === 'signed' ? tag('Signed', 'green') : tag('Vetoed', 'red'),
      r.reason ?? 'None given',
      r.respondedBy,
      authorityLabel(r.authorityRole, r.authorityCode),
      formatDateTime(r.respondedAt),
    ]),
  });
}

export function agreementPage(o: AgreementPageOptions): string {
  const v = o.view;
  const vetoes = v.responses.filter((r) => r.decision === 'vetoed');
  const base = `/agreements/${v.agreementId}`;
  return page({
    title: `${v.title}, version ${v.version.version}`,
    viewer: o.viewer,
    breadcrumbs: crumbs(),
    content: html`${o.form ? errorSummary(o.form.errors) : html``}
${o.problem ? html`<div class="nhsuk-error-summary" data-module="nhsuk-error-summary"><div role="alert"><h2 class="nhsuk-error-summary__heading">Your response was not recorded</h2><div class="nhsuk-error-summary__body"><p>${o.problem}</p></div></div></div>` : html``}
<span class="nhsuk-caption-l">${v.commissionerName} (${v.commissionerCode})</span>
<h1>${v.title}</h1>
${
  v.isCurrent
    ? html``
    : insetText(
        html`This is version ${v.version.version}. It has been replaced by <a href="${base}">version ${v.versions[0]!.version}</a>; responses to it are kept but no longer count.`,
      )
}
${summaryList([
  { key: 'Version', value: `${v.version.version}${v.isCurrent ? ' (current)' : ''}` },
  { key: 'Issued', value: `${formatDateTime(v.version.issuedAt)} by ${v.version.issuedBy}` },
  ...(v.version.changeNote ? [{ key: 'What changed', value: v.version.changeNote }] : []),
  { key: 'Status', value: signedLine(v.status.total) },
  { key: 'Vetoed', value: String(v.status.total.vetoed) },
  { key: 'Not yet responded', value: String(v.status.total.notResponded) },
])}
${o.canIssueVersion && v.isCurrent ? html`<p><a href="${base}/new-version">Issue a new version</a></p>` : html``}
${guidanceFlags(v.flags)}
<h2>The agreement</h2>
${renderMarkdown(v.preamble, { topHeading: 3 })}
${clauseList(v.clauses)}
${v.isCurrent ? responseForm(o) : html``}
<h2>Where the practices stand</h2>
${statusTable(v.status, o.subIcbNames)}
${vetoes.length > 0 ? html`<h3>Vetoes</h3><ul>${vetoes.map((r) => html`<li>${r.practiceName} (${r.practiceCode}): ${r.reason ?? 'no reason given'}</li>`)}</ul>` : html``}
<h3>Responses</h3>
${responsesTable(v)}
<details class="nhsuk-details">
  <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">Practices that have not yet responded (${v.notResponded.length})</span></summary>
  <div class="nhsuk-details__text">
    ${v.notResponded.length === 0 ? html`<p>Every member practice has responded.</p>` : html`<ul>${v.notResponded.map((p) => html`<li>${p.practiceName} (${p.practiceCode})</li>`)}</ul>`}
  </div>
</details>
${v.isCurrent ? lmcSection(o) : o.view.lmcResponse ? lmcSection(o) : html``}
<h2>Versions</h2>
<ul>${v.versions.map((x) => html`<li><a href="${base}/versions/${x.version}">Version ${x.version}</a>, issued ${formatDateTime(x.issuedAt)} by ${x.issuedBy}${x.changeNote ? `: ${x.changeNote}` : ''}</li>`)}</ul>
<p><a href="/api/agreements/${v.agreementId}/versions/${v.version.version}">This version as JSON</a></p>`,
  });
}

export interface PreviewData {
  title: string | null;
  clauses: Clause[];
  flags: GuidanceFlag[];
}

export interface AgreementFormOptions {
  viewer: Viewer;
  /** Null for a new agreement; else the agreement a new version is for. */
  agreement: { id: number; title: string; commissionerCode: string; nextVersion: number } | null;
  form: FormState;
  preview: PreviewData | null;
}

const TAG_HINT = html`Write the agreement in Markdown. Start each clause with a line like <code>## 5. Review meetings {meetings-reviews}</code>. The tag in braces is one of: ${CLAUSE_TAGS.map(
  (t, i) => html`${i > 0 ? ', ' : ''}<code>{${tagSlug(t)}}</code> (${CLAUSE_TAG_LABELS[t]})`,
)}.`;

export function agreementFormPage(o: AgreementFormOptions): string {
  const a = o.agreement;
  const title = a ? `Issue version ${a.nextVersion} of ${a.title}` : 'Draft an agreement';
  const action = a ? `/agreements/${a.id}/versions` : '/agreements';
  return page({
    title,
    viewer: o.viewer,
    breadcrumbs: a ? [...crumbs(), { text: a.title, href: `/agreements/${a.id}` }] : crumbs(),
    content: html`${errorSummary(o.form.errors)}
<h1>${title}</h1>
<p>Check the guidance before you issue: the checks are shown to every practice before it signs.</p>
<form action="${action}" method="post" novalidate>
  ${csrfField(o.viewer)}
  ${
    a
      ? html``
      : html`${textField({ id: 'commissioner', label: 'Commissioner (sub-ICB location or ICB code)', hint: 'For example, 16C. The agreement is issued to the practices that belong to it today.', form: o.form, width: 10 })}
  ${textField({ id: 'title', label: 'Title', form: o.form, width: 30 })}`
  }
  ${textArea({ id: 'body', label: 'Agreement text', hint: TAG_HINT, form: o.form, rows: 18 })}
  ${textField({ id: 'change_note', label: 'What this version changes (optional)', form: o.form })}
  <div class="nhsuk-button-group">
    <button class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" type="submit" name="intent" value="preview">Check the guidance</button>
    <button class="nhsuk-button" data-module="nhsuk-button" type="submit" name="intent" value="issue">Issue to member practices</button>
  </div>
</form>
${
  o.preview
    ? html`<h2 id="preview">Preview</h2>
${guidanceFlags(o.preview.flags, 3)}
<h3>Clauses</h3>
${table({
  caption: 'Clauses in this draft',
  captionHidden: true,
  head: ['Clause', 'Tag'],
  rows: o.preview.clauses.map((c) => [c.heading, clauseTag(c.tag)]),
})}`
    : html``
}`,
  });
}
