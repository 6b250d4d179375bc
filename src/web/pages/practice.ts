/** The public practice page, at the stable address /practices/<ODS code>. */
import { KIND_LABELS, kindLabelOn } from '../../app/browse/organisations.ts';
import type { PracticeProfile } from '../../app/browse/practice-profile.ts';
import { LINEAGE_KINDS } from '../../app/lineage-edit.ts';
import { populationPyramid } from '../charts/population-pyramid.ts';
import {
  errorSummary,
  type FieldError,
  formatDate,
  formatNumber,
  insetText,
  summaryList,
  table,
} from '../components.ts';
import { type Html, html } from '../html.ts';
import { csrfField, page, type Viewer } from '../layout.ts';
import { qofGroupName } from '../qof-groups.ts';
import { crumbsFor, orgHref } from './organisations.ts';

export interface LineageForm {
  values: Record<string, string>;
  errors: FieldError[];
}

export interface PracticePageOptions {
  viewer: Viewer | null;
  profile: PracticeProfile;
  canEditLineage: boolean;
  canViewRestricted: boolean;
  lineageForm?: LineageForm;
}

const STATUS_LABELS: Record<string, string> = {
  active: 'Active',
  closed: 'Closed',
  dormant: 'Dormant',
  proposed: 'Proposed',
};

function details(p: PracticeProfile): Html {
  const o = p.practice;
  const latestList = p.listSizes[0];
  const latestImd = p.imd[0];
  return summaryList([
    { key: 'ODS code', value: o.code },
    { key: 'Postcode', value: o.postcode ?? 'Not known' },
    { key: 'Status', value: o.status ? (STATUS_LABELS[o.status] ?? o.status) : 'Not known' },
    { key: 'Opened', value: formatDate(o.open_date) },
    ...(o.close_date ? [{ key: 'Closed', value: formatDate(o.close_date) }] : []),
    { key: 'Contract type', value: o.contract_type ?? 'Not known' },
    { key: 'Rurality', value: o.rurality ?? 'Not known' },
    {
      key: 'List size',
      value: latestList
        ? `${formatNumber(latestList.patients)} registered patients on ${formatDate(latestList.extractDate)}`
        : 'Not known',
    },
    {
      key: 'Deprivation (IMD score)',
      value: latestImd ? `${formatNumber(latestImd.score, 1)} (IMD ${latestImd.year})` : 'Not known',
    },
  ]);
}

function belongsTo(p: PracticeProfile): Html {
  if (p.current.length === 0) return html`<p>No membership is recorded for this practice.</p>`;
  return summaryList(
    [...p.current].reverse().map((a) => ({
      key: KIND_LABELS[a.kind],
      value: html`<a href="${orgHref(a)}">${a.name}</a> (${a.code})`,
    })),
  );
}

function history(p: PracticeProfile): Html {
  if (p.history.length === 0) return html`<p>No membership history is recorded.</p>`;
  const order = ['pcn', 'sub_icb', 'icb', 'region'];
  const rows = [...p.history].sort(
    (a, b) =>
      order.indexOf(a.parentKind) - order.indexOf(b.parentKind) || b.validFrom.localeCompare(a.validFrom),
  );
  return table({
    caption: 'Membership over time',
    captionHidden: true,
    head: ['Belonged to', 'Organisation', 'From', 'Until'],
    rows: rows.map((m) => [
      kindLabelOn(m.parentKind, m.validFrom),
      html`<a href="${orgHref({ code: m.parentCode, kind: m.parentKind })}">${m.parentName}</a> (${m.parentCode})`,
      formatDate(m.validFrom),
      until(m),
    ]),
  });
}

/** The last day of a known end (the day the practice left or closed), else the next period's start. */
function until(m: PracticeProfile['history'][number]): string {
  if (m.validTo === null) return `Now (last seen ${formatDate(m.lastObservedOn)})`;
  if (m.endedOn !== null && m.endedOn < m.validTo) return formatDate(m.endedOn);
  return formatDate(m.validTo);
}

function lineage(p: PracticeProfile): Html {
  if (p.lineage.length === 0) return html`<p>No predecessor or successor is recorded for this practice.</p>`;
  return table({
    caption: 'Predecessors and successors',
    captionHidden: true,
    head: ['Relationship', 'Practice', 'Kind', 'Effective', 'Source'],
    rows: p.lineage.map((l) => [
      l.direction === 'predecessor' ? 'Predecessor' : 'Successor',
      l.code
        ? html`<a href="/practices/${encodeURIComponent(l.code)}">${l.name ?? l.code}</a> (${l.code})`
        : 'None',
      l.kind,
      formatDate(l.effectiveDate),
      l.source === 'administrator' ? 'Recorded by an administrator' : 'Derived from the data',
    ]),
  });
}

function lineageFormHtml(p: PracticeProfile, viewer: Viewer | null, form: LineageForm | undefined): Html {
  const v = form?.values ?? {};
  const errorFor = (field: string): FieldError | undefined => form?.errors.find((e) => e.field === field);
  const group = (field: string, label: string, input: Html, hint?: string): Html => {
    const error = errorFor(field);
    return html`<div class="nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}">
  <label class="nhsuk-label" for="${field}">${label}</label>
  ${hint ? html`<div class="nhsuk-hint" id="${field}-hint">${hint}</div>` : html``}
  ${error ? html`<span class="nhsuk-error-message" id="${field}-error"><span class="nhsuk-u-visually-hidden">Error: </span>${error.message}</span>` : html``}
  ${input}
</div>`;
  };
  const described = (field: string, hint: boolean): string =>
    [hint ? `${field}-hint` : '', errorFor(field) ? `${field}-error` : ''].filter(Boolean).join(' ');
  return html`<h3>Record a predecessor or successor</h3>
${errorSummary(form?.errors ?? [])}
<form action="/practices/${encodeURIComponent(p.practice.code)}/lineage" method="post" novalidate>
  ${csrfField(viewer)}
  ${group(
    'direction',
    'This practice is the',
    html`<select class="nhsuk-select" id="direction" name="direction">
      <option value="predecessor"${v.direction === 'predecessor' ? ' selected' : ''}>predecessor of the other practice</option>
      <option value="successor"${v.direction === 'successor' ? ' selected' : ''}>successor of the other practice</option>
    </select>`,
  )}
  ${group(
    'other_code',
    'Other practice ODS code',
    html`<input class="nhsuk-input nhsuk-input--width-10${errorFor('other_code') ? ' nhsuk-input--error' : ''}" id="other_code" name="other_code" type="text" spellcheck="false" value="${v.other_code ?? ''}" aria-describedby="${described('other_code', true)}">`,
    'Leave empty only for a closure with no successor',
  )}
  ${group(
    'kind',
    'Kind of change',
    html`<select class="nhsuk-select" id="kind" name="kind">${LINEAGE_KINDS.map(
      (k) => html`<option value="${k}"${v.kind === k ? ' selected' : ''}>${k}</option>`,
    )}</select>`,
  )}
  ${group(
    'effective_date',
    'Effective date (optional)',
    html`<input class="nhsuk-input nhsuk-input--width-10${errorFor('effective_date') ? ' nhsuk-input--error' : ''}" id="effective_date" name="effective_date" type="text" value="${v.effective_date ?? ''}" aria-describedby="${described('effective_date', true)}">`,
    'For example, 2024-04-01',
  )}
  ${group('note', 'Note (optional)', html`<textarea class="nhsuk-textarea" id="note" name="note" rows="3">${v.note ?? ''}</textarea>`)}
  <button class="nhsuk-button" data-module="nhsuk-button" type="submit">Save link</button>
</form>`;
}

function population(p: PracticeProfile): Html {
  const pop = p.population;
  if (!pop || pop.bands.length === 0)
    return html`<p>No registered population by age and sex has been imported.</p>`;
  const males = pop.bands.reduce((s, b) => s + b.male, 0);
  const females = pop.bands.reduce((s, b) => s + b.female, 0);
  const when = formatDate(pop.extractDate);
  const largest = [...pop.bands].sort((a, b) => b.male + b.female - (a.male + a.female))[0]!;
  return html`<p>${formatNumber(males + females)} patients registered on ${when}: ${formatNumber(males)} male and ${formatNumber(females)} female.</p>
<figure class="nhsuk-u-margin-0">
${populationPyramid({
  id: 'pyramid',
  bands: pop.bands,
  title: `Registered population of ${p.practice.name} by age and sex, ${when}`,
  description: `Males on the left, females on the right, in ${pop.bands.length} age bands from ${pop.bands[0]!.ageBand} (bottom) to ${pop.bands.at(-1)!.ageBand} (top). The largest band is ${largest.ageBand} with ${formatNumber(largest.male + largest.female)} patients. The table below gives every value.`,
})}
</figure>
<details class="nhsuk-details">
  <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">Population by age and sex as a table</span></summary>
  <div class="nhsuk-details__text">
  ${table({
    caption: `Registered patients by age band, ${when}`,
    head: ['Age band', 'Males', 'Females', 'Total'],
    rows: pop.bands.map((b) => [
      b.ageBand,
      formatNumber(b.male),
      formatNumber(b.female),
      formatNumber(b.male + b.female),
    ]),
    numeric: [1, 2, 3],
  })}
  </div>
</details>`;
}

function listSizes(p: PracticeProfile): Html {
  if (p.listSizes.length <= 1) return html``;
  return html`<details class="nhsuk-details">
  <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">List size over time</span></summary>
  <div class="nhsuk-details__text">
  ${table({
    caption: 'Registered patients by extract date',
    head: ['Extract date', 'Patients'],
    rows: p.listSizes.map((l) => [formatDate(l.extractDate), formatNumber(l.patients)]),
    numeric: [1],
  })}
  </div>
</details>`;
}

function qof(p: PracticeProfile): Html {
  if (p.qof.length === 0) return html`<p>No QOF registers have been imported for this practice.</p>`;
  const years = [...new Set(p.qof.map((r) => r.qofYear))].sort().reverse();
  const groups = [...new Set(p.qof.map((r) => r.groupCode))].sort((a, b) =>
    qofGroupName(a).localeCompare(qofGroupName(b)),
  );
  const cell = new Map(p.qof.map((r) => [`${r.qofYear}|${r.groupCode}`, r]));
  return html`<p>Each cell shows the number of patients on the register and, in brackets, the crude prevalence: the register divided by the practice list it is counted against (all ages, or the age group the register covers).</p>
${table({
  caption: 'QOF registers and crude prevalence by year',
  captionHidden: true,
  scrollable: true,
  head: ['Condition', ...years],
  rows: groups.map((g) => [
    html`${qofGroupName(g)} <span class="nhsuk-u-visually-hidden">(${g})</span>`,
    ...years.map((y) => {
      const r = cell.get(`${y}|${g}`);
      if (!r) return 'Not recorded';
      return html`${formatNumber(r.register)}<br><span class="fairview-nowrap">(${r.crudePrevalencePercent === null ? 'list size not known' : `${formatNumber(r.crudePrevalencePercent, 2)}%`})</span>`;
    }),
  ]),
  numeric: years.map((_, i) => i + 1),
})}`;
}

export function practicePage(options: PracticePageOptions): string {
  const { viewer, profile: p } = options;
  return page({
    title: `${p.practice.name} (${p.practice.code})`,
    viewer,
    breadcrumbs: crumbsFor(p.current),
    content: html`<span class="nhsuk-caption-l">Practice</span>
<h1>${p.practice.name}</h1>
${p.practice.status === 'closed' ? insetText(`This practice closed on ${formatDate(p.practice.close_date)}.`) : html``}
${details(p)}
<p><a href="/practices/${encodeURIComponent(p.practice.code)}/scorecard">Scorecard: how this practice compares on every indicator</a></p>
${listSizes(p)}
<h2>Where it belongs</h2>
${belongsTo(p)}
<h2>Membership history</h2>
<p>Each period runs from the first extract that showed the membership until the first extract that showed a different one, or until the day ODS says it ended (when the practice left or closed).</p>
${history(p)}
<h2>Predecessors and successors</h2>
${lineage(p)}
${options.canEditLineage ? lineageFormHtml(p, viewer, options.lineageForm) : html``}
<h2>Registered population</h2>
${population(p)}
<h2>QOF disease registers</h2>
${qof(p)}
${
  options.canViewRestricted
    ? html`<h2>For commissioners and the practice</h2>
<p><a href="/practices/${encodeURIComponent(p.practice.code)}/record">Sources and changes for this practice</a></p>`
    : html``
}`,
  });
}
