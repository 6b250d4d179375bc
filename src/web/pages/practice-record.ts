/** Restricted: where a practice's figures came from and who changed its record. */
import type { PracticeRecord } from '../../app/browse/practice-record.ts';
import type { Organisation } from '../../app/db.ts';
import { formatDateTime, formatNumber, table } from '../components.ts';
import { html } from '../html.ts';
import { page, type Viewer } from '../layout.ts';

export function practiceRecordPage(viewer: Viewer, practice: Organisation, record: PracticeRecord): string {
  const href = `/practices/${encodeURIComponent(practice.code)}`;
  return page({
    title: `Sources and changes: ${practice.name}`,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: practice.name, href },
    ],
    content: html`<span class="nhsuk-caption-l">${practice.name} (${practice.code})</span>
<h1>Sources and changes</h1>
<h2>Where the figures come from</h2>
${
  record.sources.length === 0
    ? html`<p>No imported file holds facts about this practice.</p>`
    : table({
        caption: 'Import batches with facts about this practice',
        head: ['File', 'Format', 'Publisher', 'Period', 'Facts about this practice', 'Imported'],
        rows: record.sources.map((b) => [
          b.file_name,
          b.format,
          b.publisher,
          b.period ?? 'Not stated',
          b.facts,
          `${formatDateTime(b.imported_at)} by ${b.imported_by}`,
        ]),
      })
}
<h2>Changes to its lineage</h2>
${
  record.changes.length === 0
    ? html`<p>Nobody has changed this practice's predecessors or successors.</p>`
    : table({
        caption: 'Audited changes',
        head: ['When', 'Who', 'What', 'Record'],
        rows: record.changes.map((c) => [
          formatDateTime(c.at),
          c.actor,
          c.action,
          html`<code>${JSON.stringify(c.after)}</code>`,
        ]),
      })
}
<p>${formatNumber(record.sources.length)} sources, ${formatNumber(record.changes.length)} changes.</p>`,
  });
}
