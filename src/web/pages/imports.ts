/** Import history: every batch imported, the rows each refused, and every file rejected and why. */
import type { ImportHistory } from '../../app/browse/import-history.ts';
import { formatDateTime, formatNumber, table } from '../components.ts';
import { html } from '../html.ts';
import { page, type Viewer } from '../layout.ts';

/** Each batch's refused rows: the file kept the rest; these rows were left out, and why. */
function refusedRows(history: ImportHistory) {
  const batches = history.batches.filter((b) => b.rows_rejected > 0);
  if (batches.length === 0) return html``;
  return html`<h2>Rows refused</h2>
<p>Rows an import left out while keeping the rest of its file, each with where it is in the file and why.</p>
${batches.map((b) => {
  const rows = history.refusedRows.get(b.id) ?? [];
  const more =
    b.rows_rejected > rows.length
      ? html`<p>The first ${formatNumber(rows.length)} of ${formatNumber(b.rows_rejected)} are shown.</p>`
      : html``;
  return html`<h3 id="refused-${b.id}">${b.file_name}</h3>
${table({
  caption: `Rows refused in ${b.file_name}`,
  captionHidden: true,
  head: ['File', 'Line', 'Column', 'Value', 'Why'],
  rows: rows.map((r) => [
    r.file_name,
    r.line === null ? '' : formatNumber(r.line),
    r.column_name ?? '',
    r.value ?? '',
    r.message,
  ]),
  numeric: [1],
})}
${more}`;
})}`;
}

export function importsPage(viewer: Viewer, history: ImportHistory): string {
  return page({
    title: 'Import history',
    viewer,
    breadcrumbs: [{ text: 'Home', href: '/' }],
    content: html`<h1>Import history</h1>
<p>Every file imported into Fairview, newest first. Each fact keeps the batch it came from.</p>
<h2>Imported files</h2>
${
  history.batches.length === 0
    ? html`<p>No files have been imported yet. Use <code>fairview import</code>.</p>`
    : table({
        caption: 'Import batches',
        head: [
          'File',
          'Format',
          'Publisher',
          'Period',
          'Rows read',
          'Facts written',
          'Rows skipped',
          'Rows refused',
          'Imported',
        ],
        rows: history.batches.map((b) => [
          html`${b.file_name}<br><span class="nhsuk-body-s">sha256 ${b.checksum.slice(0, 12)}…</span>`,
          b.format,
          b.publisher,
          b.period ?? 'Not stated',
          formatNumber(b.rows_read),
          formatNumber(b.facts_written),
          formatNumber(b.rows_skipped),
          b.rows_rejected > 0 ? html`<a href="#refused-${b.id}">${formatNumber(b.rows_rejected)}</a>` : '0',
          `${formatDateTime(b.imported_at)} by ${b.imported_by}`,
        ]),
        numeric: [4, 5, 6, 7],
      })
}
${refusedRows(history)}
<h2>Rejected files</h2>
${
  history.rejections.length === 0
    ? html`<p>No file has been rejected.</p>`
    : table({
        caption: 'Rejections',
        head: ['File', 'Format', 'Where', 'Why', 'Attempted'],
        rows: history.rejections.map((r) => [
          r.file_name,
          r.format ?? 'Not recognised',
          [r.line === null ? '' : `line ${r.line}`, r.column_name ? `column ${r.column_name}` : '']
            .filter(Boolean)
            .join(', ') || 'Whole file',
          r.message,
          `${formatDateTime(r.attempted_at)} by ${r.attempted_by}`,
        ]),
      })
}`,
  });
}
