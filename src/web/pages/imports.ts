/** Import history: every batch imported, and every file rejected and why. */
import type { ImportHistory } from '../../app/browse/import-history.ts';
import { formatDateTime, formatNumber, table } from '../components.ts';
import { html } from '../html.ts';
import { page, type Viewer } from '../layout.ts';

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
          `${formatDateTime(b.imported_at)} by ${b.imported_by}`,
        ]),
        numeric: [4, 5, 6],
      })
}
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
