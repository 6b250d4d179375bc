/** The organisation browser: England → regions → ICBs → sub-ICB locations → PCNs → practices. */
import type { OrganisationHistory } from '../../app/browse/organisation-history.ts';
import {
  type ChildOrganisation,
  KIND_LABELS,
  kindBelow,
  kindLabelOn,
  type OrganisationRef,
  type RegionRef,
} from '../../app/browse/organisations.ts';
import type { Organisation } from '../../app/db.ts';
import type { PracticesAsOf } from '../../domain/population/as-of.ts';
import { formatDate, formatNumber, summaryList, table } from '../components.ts';
import { type Html, html } from '../html.ts';
import { type Crumb, page, type Viewer } from '../layout.ts';
import { details } from './benchmarking/common.ts';

const PLURAL: Record<string, string> = {
  region: 'Regions',
  icb: 'Integrated care boards (ICBs)',
  sub_icb: 'Sub-ICB locations',
  pcn: 'Primary care networks (PCNs)',
  practice: 'Practices',
};

export function orgHref(o: { code: string; kind: string }): string {
  return o.kind === 'practice'
    ? `/practices/${encodeURIComponent(o.code)}`
    : `/organisations/${encodeURIComponent(o.code)}`;
}

export function crumbsFor(ancestors: OrganisationRef[]): Crumb[] {
  return [
    { text: 'Home', href: '/' },
    { text: 'England', href: '/organisations' },
    ...ancestors.map((a) => ({ text: a.name, href: orgHref(a) })),
  ];
}

function childTable(kind: string, children: ChildOrganisation[]): Html {
  if (children.length === 0)
    return html`<p>No organisations are recorded beneath this one in the imported data.</p>`;
  if (kind === 'practice') {
    return table({
      caption: PLURAL[kind] ?? kind,
      captionHidden: true,
      head: ['Practice', 'Code', 'Postcode', 'Status'],
      rows: children.map((c) => [
        html`<a href="${orgHref(c)}">${c.name}</a>`,
        c.code,
        c.postcode ?? '',
        c.status ?? 'Not known',
      ]),
    });
  }
  const counted = children.some((c) => c.practices > 0);
  return table({
    caption: PLURAL[kind] ?? kind,
    captionHidden: true,
    head: counted ? ['Name', 'Code', 'Practices'] : ['Name', 'Code'],
    rows: children.map((c) => [
      html`<a href="${orgHref(c)}">${c.name}</a>`,
      c.code,
      ...(counted ? [formatNumber(c.practices)] : []),
    ]),
    numeric: counted ? [2] : [],
  });
}

export function englandPage(viewer: Viewer | null, regions: RegionRef[]): string {
  const current = regions.filter((r) => r.current);
  const former = regions.filter((r) => !r.current);
  return page({
    title: 'England',
    viewer,
    breadcrumbs: [{ text: 'Home', href: '/' }],
    content: html`<h1>England</h1>
<p>Choose a region to see its integrated care boards, then their sub-ICB locations, primary care networks and practices. Each organisation is listed under the parent it belongs to in the latest data.</p>
<h2>Regions</h2>
${childTable(
  'region',
  current.map((r) => ({ ...r, status: null, postcode: null, practices: 0 })),
)}
${
  former.length > 0
    ? html`<h2>Former regions</h2>
<p>Regions that appear in older files but not in the latest ones.</p>
${table({
  caption: 'Former regions',
  captionHidden: true,
  head: ['Name', 'Code', 'Last seen'],
  rows: former.map((r) => [html`<a href="${orgHref(r)}">${r.name}</a>`, r.code, formatDate(r.lastSeen)]),
})}`
    : html``
}`,
  });
}

/** What it became and what it came from, in words, with links. */
function lineageOf(org: Organisation, history: OrganisationHistory): Html {
  if (history.links.length === 0) return html``;
  const verb: Record<string, string> = {
    merger: 'merged into',
    succession: 'was succeeded by',
    split: 'was split, partly into',
    closure: 'closed',
  };
  const from: Record<string, string> = {
    merger: 'took in',
    succession: 'succeeded',
    split: 'took part of',
    closure: 'closed',
  };
  const items = history.links.map((l) => {
    const other = l.code
      ? html`<a href="/organisations/${encodeURIComponent(l.code)}">${l.name ?? l.code}</a> (${l.code})`
      : html``;
    const when = l.effectiveDate ? ` on ${formatDate(l.effectiveDate)}` : '';
    const how =
      l.source === 'administrator' ? 'recorded by an administrator' : 'derived from where its practices went';
    return l.direction === 'successor'
      ? html`<li>${org.name} ${verb[l.kind] ?? l.kind} ${other}${when} (${how}).</li>`
      : html`<li>${org.name} ${from[l.kind] ?? l.kind} ${other}${when} (${how}).</li>`;
  });
  return html`<h2>Predecessors and successors</h2>
<ul class="nhsuk-list nhsuk-list--bullet">${items}</ul>`;
}

/** Everything that belonged to it over time (former members included), with its periods. */
function membersOverTime(history: OrganisationHistory): Html {
  if (history.members.length === 0) return html``;
  return html`<h2>Practices and organisations over time</h2>
${table({
  caption: 'Members over time',
  captionHidden: true,
  head: ['Name', 'Code', 'From', 'Until'],
  rows: history.members.map((m) => [
    html`<a href="${orgHref({ code: m.childCode, kind: /^[A-Z]\d{5}$/.test(m.childCode) ? 'practice' : 'sub_icb' })}">${m.name}</a>`,
    m.childCode,
    formatDate(m.validFrom),
    m.validTo === null
      ? 'Now'
      : m.endedOn !== null && m.endedOn < m.validTo
        ? formatDate(m.endedOn)
        : formatDate(m.validTo),
  ]),
})}`;
}

/** How many practices are open on the date by the one "as of" rule, and which were left out and why. */
function openPractices(asOf: PracticesAsOf): Html {
  const withList = asOf.practices.filter((p) => p.list !== null).length;
  return html`<p data-practices-open="${String(asOf.practices.length)}"><strong>${formatNumber(asOf.practices.length)} practices open on ${formatDate(asOf.date)}</strong> (${formatNumber(withList)} with a registered list no older than ${formatNumber(Math.round(asOf.maxListAgeDays / 30.4))} months). Schemes, distributions, heat maps and counts take an organisation's practices the same way: members on the date, opened and not closed, not dormant.</p>
${
  asOf.leftOut.length === 0
    ? ''
    : details(
        `${formatNumber(asOf.leftOut.length)} practices that were members are not counted`,
        table({
          caption: 'Practices not counted',
          captionHidden: true,
          head: ['Practice', 'Code', 'Why not counted'],
          rows: asOf.leftOut.map((p) => [
            html`<a href="/practices/${p.code}">${p.name}</a>`,
            p.code,
            p.reason,
          ]),
        }),
      )
}`;
}

export function organisationPage(
  viewer: Viewer | null,
  org: Organisation,
  ancestors: OrganisationRef[],
  children: ChildOrganisation[],
  history: OrganisationHistory = { links: [], members: [] },
  asOf: PracticesAsOf | null = null,
): string {
  const below = kindBelow(org.kind) ?? 'practice';
  const lastSeen = history.members.reduce<string | null>(
    (max, m) => (m.lastObservedOn > (max ?? '') ? m.lastObservedOn : max),
    null,
  );
  return page({
    title: `${org.name} (${org.code})`,
    viewer,
    breadcrumbs: crumbsFor(ancestors),
    content: html`<span class="nhsuk-caption-l">${kindLabelOn(org.kind, lastSeen)}</span>
<h1>${org.name}</h1>
${summaryList([
  { key: 'Code', value: org.code },
  ...(org.ons_code ? [{ key: 'ONS code', value: org.ons_code }] : []),
  ...ancestors.map((a) => ({
    key: KIND_LABELS[a.kind],
    value: html`<a href="${orgHref(a)}">${a.name}</a> (${a.code})`,
  })),
])}
${lineageOf(org, history)}
${asOf ? openPractices(asOf) : ''}
<h2>${PLURAL[below] ?? below}</h2>
${
  children.length === 0 && history.members.length > 0
    ? html`<p>No organisation belongs to it in the latest data; those that did are listed below.</p>`
    : childTable(below, children)
}
${membersOverTime(history)}`,
  });
}
