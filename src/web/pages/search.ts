/** Search results for practices. */
import type { PracticeHit } from '../../app/browse/search.ts';
import { formatNumber, table } from '../components.ts';
import { html } from '../html.ts';
import { page, type Viewer } from '../layout.ts';
import { searchForm } from './shared.ts';

export function searchPage(viewer: Viewer | null, query: string, hits: PracticeHit[], limit: number): string {
  const q = query.trim();
  let results = html``;
  if (q.length > 0 && q.length < 2) {
    results = html`<p>Enter at least 2 characters.</p>`;
  } else if (q && hits.length === 0) {
    results = html`<h2>No practices found</h2><p>No practice name, code or postcode matches ‘${q}’. Check the spelling, or try part of the name or the start of the postcode.</p>`;
  } else if (q) {
    results = html`<h2>${hits.length === limit ? `First ${formatNumber(limit)} practices` : `${formatNumber(hits.length)} ${hits.length === 1 ? 'practice' : 'practices'}`} matching ‘${q}’</h2>
${table({
  caption: 'Practices',
  head: ['Practice', 'Code', 'Postcode', 'Status'],
  rows: hits.map((h) => [
    html`<a href="/practices/${encodeURIComponent(h.code)}">${h.name}</a>`,
    h.code,
    h.postcode ?? '',
    h.status ?? 'Not known',
  ]),
})}`;
  }
  return page({
    title: q ? `Search: ${q}` : 'Search',
    viewer,
    query: q,
    breadcrumbs: [{ text: 'Home', href: '/' }],
    content: html`<div class="nhsuk-grid-row"><div class="nhsuk-grid-column-full">
  ${searchForm({ id: 'practice-search', query: q, headingLevel: 1 })}
  ${results}
</div></div>`,
  });
}
