/**
 * A published release's record (issue 17): its checksum, the files and indicator versions it was made
 * from, and what changed since an earlier release — indicators, files, and the practices whose
 * headline flag appeared or cleared. Data: src/app/releases/provenance.ts.
 */

import type { Release } from '../../../app/db.ts';
import type { Provenance, ReleaseChanges } from '../../../app/releases/provenance.ts';
import { flagJudgmentWords } from '../../../domain/judgment/flag-words.ts';
import { formatDate, formatNumber, summaryList, table } from '../../components.ts';
import { html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';

/** The headline flags in words: the one table in src/domain/judgment/flag-words.ts. */
const flagWords = (f: string): string => flagJudgmentWords(f);
const day = (d: Date | string | null): string =>
  d === null ? '—' : formatDate((d instanceof Date ? d : new Date(d)).toISOString().slice(0, 10));

function crumbs(release: Release) {
  return [
    { text: 'Home', href: '/' },
    { text: 'Releases', href: '/releases' },
    { text: release.name, href: `/releases/${encodeURIComponent(release.name)}` },
  ];
}

export function provenancePage(viewer: Viewer | null, p: Provenance, others: Release[]): string {
  const r = p.release;
  const name = encodeURIComponent(r.name);
  return page({
    title: `Release ${r.name}: what it was made from`,
    viewer,
    breadcrumbs: crumbs(r),
    content: html`<span class="nhsuk-caption-l">Release ${r.name}</span>
<h1>What this release was made from</h1>
${summaryList([
  { key: 'Published', value: `${day(r.published_at)}${r.published_by ? ` by ${r.published_by}` : ''}` },
  { key: 'Results', value: `${formatNumber(r.result_count)} rows` },
  { key: 'Checksum (sha256 of every result)', value: html`<code>${r.results_checksum}</code>` },
  { key: 'Inputs fingerprint', value: html`<code>${r.inputs_fingerprint}</code>` },
  { key: 'Method version', value: r.method_version },
])}
<p>Anyone can check the checksum: regenerating the release from the same files and definitions gives the same value (docs/indicators.md, "Releases"). <a href="/api/releases/${name}">This record as JSON</a>.</p>
${
  others.length === 0
    ? html``
    : html`<form method="get" action="/releases/${name}/changes" class="nhsuk-u-margin-bottom-5">
  <div class="nhsuk-form-group">
    <label class="nhsuk-label" for="since">Compare with an earlier release</label>
    <select class="nhsuk-select" id="since" name="since">${others.map((o) => html`<option value="${o.name}">${o.name}</option>`)}</select>
  </div>
  <button class="nhsuk-button nhsuk-button--secondary" type="submit">Show what changed</button>
</form>`
}
${table({
  caption: `Indicator versions (${p.indicators.length})`,
  scrollable: true,
  head: ['Indicator', 'Version', 'Results checksum'],
  rows: p.indicators.map((i) => [
    html`<a href="/indicators/${encodeURIComponent(i.code)}/versions">${i.name}</a><br><span class="nhsuk-body-s">${i.code}</span>`,
    String(i.version),
    html`<code class="nhsuk-body-s">${i.resultsChecksum ? i.resultsChecksum.slice(0, 16) : '—'}</code>`,
  ]),
})}
${table({
  caption: `Files it read (${p.inputs.length})`,
  scrollable: true,
  head: ['File', 'Format', 'Period', 'Publisher', 'Imported'],
  rows: p.inputs.map((i) => [i.fileName, i.format, i.period ?? '—', i.publisher, day(i.importedAt)]),
})}`,
  });
}

export function changesPage(viewer: Viewer | null, c: ReleaseChanges): string {
  const changed = c.indicators.filter((i) => i.change !== 'unchanged');
  const f = c.flags;
  return page({
    title: `Release ${c.to.release.name}: changes since ${c.from.release.name}`,
    viewer,
    breadcrumbs: crumbs(c.to.release),
    content: html`<span class="nhsuk-caption-l">Release ${c.to.release.name}</span>
<h1>What changed since ${c.from.release.name}</h1>
<p>${changed.length === 0 ? 'No indicator changed.' : `${changed.length} of ${c.indicators.length} indicators changed.`} ${c.filesAdded.length} files added and ${c.filesRemoved.length} removed. Headline flags: ${formatNumber(f.appeared)} appeared, ${formatNumber(f.cleared)} cleared and ${formatNumber(f.changed)} changed level or direction.</p>
<p><a href="/api/releases/${encodeURIComponent(c.to.release.name)}/changes?since=${encodeURIComponent(c.from.release.name)}">These changes as JSON</a></p>
${
  changed.length === 0
    ? html``
    : table({
        caption: 'Indicators that changed',
        head: ['Indicator', 'Change', 'Version before', 'Version after'],
        rows: changed.map((i) => [
          html`${i.name}<br><span class="nhsuk-body-s">${i.code}</span>`,
          i.change,
          i.from === null ? '—' : String(i.from),
          i.to === null ? '—' : String(i.to),
        ]),
      })
}
${
  c.filesAdded.length + c.filesRemoved.length === 0
    ? html``
    : table({
        caption: 'Files that came or went',
        head: ['File', 'Period', 'Change'],
        rows: [
          ...c.filesAdded.map((i) => [i.fileName, i.period ?? '—', 'Added']),
          ...c.filesRemoved.map((i) => [i.fileName, i.period ?? '—', 'Removed']),
        ],
      })
}
${
  f.sample.length === 0
    ? html`<p>No practice’s headline flag changed.</p>`
    : table({
        caption:
          f.sample.length < f.appeared + f.cleared + f.changed
            ? `Headline flags that changed (the first ${f.sample.length})`
            : 'Headline flags that changed',
        scrollable: true,
        head: ['Practice', 'Indicator', 'Period', 'Before', 'After'],
        rows: f.sample.map((s) => [
          html`<a href="/practices/${encodeURIComponent(s.practice)}/scorecard?release=${encodeURIComponent(c.to.release.name)}">${s.practice}</a>`,
          s.indicator,
          s.period,
          flagWords(s.before),
          flagWords(s.after),
        ]),
      })
}`,
  });
}
