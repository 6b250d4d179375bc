/**
 * The peer group page: the practice beside the 20 practices most like it on every indicator, with the
 * sentence saying why they are alike. Peers are named or pseudonymised ("Peer 1 … N") as the sub-ICB
 * location's data-sharing setting says.
 */

import { formatValue } from '../../benchmarking/format.ts';
import type { PeersView } from '../../benchmarking/views.ts';
import { comparisonStyle } from '../../charts/palette.ts';
import { spineChart } from '../../charts/spine.ts';
import { STACK_CLASS } from '../../components.ts';
import type { DataTable } from '../../exports/data-table.ts';
import { type Html, html } from '../../html.ts';
import { type Crumb, page, type Viewer } from '../../layout.ts';
import {
  BENCHMARKING_HEAD,
  comparisonBadge,
  contextNote,
  dataTableHtml,
  details,
  disclosureNote,
  exportLinks,
  releaseNote,
  SUPPRESSED,
  withQuery,
} from './common.ts';

function suppressedList(v: PeersView, r: PeersView['rows'][number]): string {
  const names = [
    ...(r.suppressed.value ? [v.practice.name] : []),
    ...(r.suppressed.peerGroupValue ? ['peer group'] : []),
    ...v.peers.filter((_, k) => r.suppressed.peers[k]).map((p) => p.label),
  ];
  return names.length === 0 ? '' : `Suppressed: ${names.join(', ')}`;
}

export function peersTable(v: PeersView): DataTable {
  return {
    title: `${v.practice.name} (${v.practice.code}) beside its peer group, release ${v.release.name}`,
    columns: [
      { label: 'Indicator code' },
      { label: 'Indicator' },
      { label: 'Period' },
      { label: v.practice.name, numeric: true, digits: 2 },
      { label: 'Peer group', numeric: true, digits: 2 },
      { label: 'Compared with peers (context)' },
      { label: 'Headline verdict' },
      ...v.peers.map((p) => ({ label: p.label, numeric: true, digits: 2 })),
      ...(v.disclosure ? [{ label: 'Disclosure control' }] : []),
    ],
    rows: v.rows.map((r) => [
      r.indicator.code,
      r.indicator.name,
      r.period,
      r.value,
      r.peerGroupValue,
      r.comparison.text,
      r.flag.text,
      ...r.peerValues,
      ...(v.disclosure ? [suppressedList(v, r)] : []),
    ]),
  };
}

export function peersPage(viewer: Viewer | null, v: PeersView, crumbs: Crumb[]): string {
  const release = v.release.status === 'draft' ? v.release.name : null;
  const path = `/practices/${v.practice.code}/peers`;
  const table = peersTable(v);
  return page({
    title: `Peer group: ${v.practice.name}`,
    viewer,
    breadcrumbs: [
      ...crumbs,
      { text: v.practice.name, href: `/practices/${v.practice.code}` },
      { text: 'Scorecard', href: withQuery(`/practices/${v.practice.code}/scorecard`, { release }) },
    ],
    content: html`${BENCHMARKING_HEAD}
<span class="nhsuk-caption-l">${v.practice.name} (${v.practice.code})</span>
<h1>Peer group</h1>
${releaseNote(v.release)}
${disclosureNote(v.disclosure)}
${v.explanation ? html`<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span><p>${v.explanation}</p></div>` : html`<p>No peer group was found for this practice in this release.</p>`}
<p>${v.named ? 'Peers are shown by name, as this sub-ICB location has agreed.' : v.peers.length > 0 && v.peers.every((p) => p.code !== null) ? 'Peers are shown to you by name, as a commissioner of this sub-ICB location; others see them as Peer 1 to Peer N, as the location has not agreed to show them by name.' : 'Peers are shown as Peer 1 to Peer N (nearest first): this sub-ICB location has not agreed to show them by name.'}</p>
${exportLinks(path, { release }, 'this table')}
<div class="nhsuk-table-container" tabindex="0" role="region" aria-label="Practice beside its peers"><table class="nhsuk-table fairview-table-compact ${STACK_CLASS}" role="table" data-sortable>
<caption class="nhsuk-table__caption nhsuk-table__caption--s">${v.practice.name} beside its ${v.peers.length} peers</caption>
<thead class="nhsuk-table__head" role="rowgroup"><tr class="nhsuk-table__row" role="row"><th class="nhsuk-table__header" scope="col" role="columnheader">Indicator</th><th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col" role="columnheader">This practice</th><th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col" role="columnheader">Peer group</th><th class="nhsuk-table__header" scope="col" role="columnheader">Among its peers</th><th class="nhsuk-table__header" scope="col" role="columnheader">Headline verdict, and compared with peers</th></tr></thead>
<tbody class="nhsuk-table__body" role="rowgroup">${v.rows.map(peerRow)}</tbody></table></div>
<p class="nhsuk-body-s">In each chart the grey bar is the range of the peers' values (darker: the middle half), the black line the peer group's pooled value, and the circle this practice, coloured by its headline verdict.</p>
<h2>The peers</h2>
${dataTableHtml(
  {
    title: 'Peer practices, nearest first',
    columns: [
      { label: 'Peer' },
      { label: 'Rank', numeric: true },
      { label: 'Distance (standard deviations)', numeric: true, digits: 2 },
    ],
    rows: v.peers.map((p) => [p.label, p.rank, p.distance]),
  },
  {
    compact: true,
    render: (r, c) =>
      c === 0 && v.peers[r]!.code
        ? html`<a href="${withQuery(`/practices/${v.peers[r]!.code}/scorecard`, { release })}">${v.peers[r]!.label}</a>`
        : null,
  },
)}
${details(
  'Every peer\u2019s value on every indicator',
  dataTableHtml(table, {
    compact: true,
    sortable: true,
    matrix: true,
    suppressed: (r, c) => {
      const row = v.rows[r]!;
      return c === 3
        ? row.suppressed.value
        : c === 4
          ? row.suppressed.peerGroupValue
          : (row.suppressed.peers[c - 7] ?? false);
    },
  }),
)}`,
  });
}

/** One indicator's row: the practice, the peer group, a spine chart among the peers, the verdict. */
function peerRow(r: PeersView['rows'][number], i: number): Html {
  const known = r.peerValues.filter((x): x is number => x !== null).sort((a, b) => a - b);
  const q = (p: number) =>
    known.length ? known[Math.min(known.length - 1, Math.floor(p * (known.length - 1)))]! : null;
  // The colour is the headline verdict, as on every page; the comparison with peers is context.
  const s = comparisonStyle(r.flag.key);
  return html`<tr class="nhsuk-table__row" role="row"><th class="nhsuk-table__header" scope="row" role="rowheader">${r.indicator.name}<br><span class="nhsuk-body-s">${r.period}</span></th>
<td class="nhsuk-table__cell nhsuk-table__cell--numeric" role="cell" data-label="This practice" data-sort="${r.value ?? ''}">${r.suppressed.value ? SUPPRESSED : formatValue(r.value, r.indicator.unit)}</td>
<td class="nhsuk-table__cell nhsuk-table__cell--numeric" role="cell" data-label="Peer group" data-sort="${r.peerGroupValue ?? ''}">${r.suppressed.peerGroupValue ? SUPPRESSED : formatValue(r.peerGroupValue, r.indicator.unit)}</td>
<td class="nhsuk-table__cell" role="cell" data-label="Among its peers">${spineChart({
    id: `peer-spine-${i}`,
    title: `${r.indicator.name}: this practice ${formatValue(r.value, r.indicator.unit)} among ${known.length} peers`,
    description: known.length
      ? `Peers range from ${formatValue(known[0]!, r.indicator.unit)} to ${formatValue(known.at(-1)!, r.indicator.unit)}; peer group ${formatValue(r.peerGroupValue, r.indicator.unit)}.`
      : 'No peer values.',
    min: known[0] ?? null,
    q1: q(0.25),
    q3: q(0.75),
    max: known.at(-1) ?? null,
    benchmark: r.peerGroupValue,
    format: (x) => formatValue(x, r.indicator.unit),
    value: r.value,
    fill: s.fill,
    textColour: s.text,
    code: s.code,
  })}</td>
<td class="nhsuk-table__cell" role="cell" data-label="Headline verdict, and compared with peers">${comparisonBadge(r.flag)}${contextNote(`Compared with its peers (crude): ${r.comparison.text}`)}</td></tr>`;
}
