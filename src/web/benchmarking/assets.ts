/**
 * The benchmarking pages' own stylesheet (charts that shrink, comparison badges, a print layout that
 * gives a clean committee pack) and their one script (sortable tables: progressive enhancement only —
 * every table is complete and in a useful order without it). Served by the benchmarking routes from
 * memory with an ETag; the Content-Security-Policy allows them as same-origin files.
 */
import { createHash } from 'node:crypto';
import { COMPARISON_STYLES } from '../charts/palette.ts';

export const BENCHMARKING_CSS = `
.fairview-chart{max-width:100%;height:auto;display:block}
.fairview-chart-figure{margin:0 0 16px}
.fairview-spine{display:block}
.fairview-matrix th:first-child,.fairview-matrix td:first-child{position:sticky;left:0;background:#fff;z-index:1}
.fairview-cmp{display:inline-block;padding:2px 6px;border-radius:2px;font-weight:bold;border:1px solid #212b32}
.fairview-cmp__code{display:inline-block;min-width:1em;text-align:center;margin-right:4px}
.fairview-mdc-icon{vertical-align:middle;margin-right:4px}
.fairview-toolbar{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:baseline;margin-bottom:16px}
.fairview-toolbar a[aria-current]{font-weight:bold;text-decoration:none;color:#212b32}
.fairview-why{max-width:26em}
.fairview-context{color:#4c6272}
.fairview-table-compact .fairview-cmp{white-space:normal}
.fairview-table-compact td,.fairview-table-compact th{padding-top:6px;padding-bottom:6px;font-size:16px}
/* The overview's matrix: ~1,750 cells, so its cells carry no class of their own (issue 15). */
.fairview-overview td:not(:last-child){padding-right:16px}
.fairview-overview td span{display:block;font-size:14px}
@media (min-width:40.0625em){.fairview-overview td span{font-size:16px}}
.fairview-sort{background:none;border:0;padding:0;font:inherit;font-weight:bold;color:#005eb8;text-decoration:underline;cursor:pointer;text-align:inherit}
.fairview-sort:focus{outline:4px solid #ffeb3b;background:#ffeb3b;color:#212b32}
${Object.entries(COMPARISON_STYLES)
  .map(([key, s]) => `.fairview-cmp--${key}{background:${s.fill};color:${s.text}}`)
  .join('\n')}
@media print{
  .nhsuk-header,.nhsuk-footer,.nhsuk-breadcrumb,.nhsuk-skip-link,.fairview-no-print,.fairview-toolbar{display:none!important}
  .nhsuk-width-container{max-width:none;margin:0}
  .nhsuk-main-wrapper{padding:0}
  body{font-size:11pt;color:#000}
  h1{font-size:18pt;margin-bottom:8pt} h2{font-size:14pt;break-after:avoid} h3{font-size:12pt;break-after:avoid}
  .nhsuk-table-container{overflow:visible}
  tr,.fairview-chart-figure,svg{break-inside:avoid}
  a{color:#000;text-decoration:none}
  .nhsuk-main-wrapper a[href]::after{content:none!important}
  .nhsuk-details__text{display:block!important}
  .fairview-cmp,.fairview-chart,.fairview-spine{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  @page{size:A4 landscape;margin:12mm}
}
`;

/**
 * Sortable tables: a button in each header of table[data-sortable]; cells sort by data-sort or text.
 * A table that stacks its rows on a phone (.fairview-table-stack) hides its header row there, so it
 * also gets a "Sort the table by" list above it, shown only on small screens (fairview.css), which
 * sorts exactly as the header buttons do.
 */
export const BENCHMARKING_SCRIPT = `
let sortLists = 0;
for (const table of document.querySelectorAll('table[data-sortable]')) {
  const heads = [...table.querySelectorAll('thead th')];
  const sortBy = (index, ascending) => {
    heads.forEach((h) => h.removeAttribute('aria-sort'));
    heads[index].setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    const body = table.tBodies[0];
    const key = (row) => {
      const cell = row.children[index];
      const raw = cell ? (cell.dataset.sort ?? cell.textContent.trim()) : '';
      const n = Number(raw);
      return raw !== '' && Number.isFinite(n) ? n : raw.toLowerCase();
    };
    const rows = [...body.rows].sort((a, b) => {
      const x = key(a), y = key(b);
      const missing = (v) => v === '' || v === 'not known';
      if (missing(x) !== missing(y)) return missing(x) ? 1 : -1;
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return ascending ? c : -c;
    });
    body.append(...rows);
  };
  const labels = heads.map((th) => th.textContent.trim());
  heads.forEach((th, index) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'fairview-sort';
    button.textContent = th.textContent;
    th.textContent = '';
    th.appendChild(button);
    button.addEventListener('click', () => sortBy(index, th.getAttribute('aria-sort') !== 'ascending'));
  });
  if (!table.classList.contains('fairview-table-stack')) continue;
  const id = 'fairview-sort-by-' + ++sortLists;
  const list = document.createElement('div');
  list.className = 'fairview-sort-by nhsuk-form-group';
  const label = document.createElement('label');
  label.className = 'nhsuk-label';
  label.htmlFor = id;
  label.textContent = 'Sort the table by';
  const select = document.createElement('select');
  select.className = 'nhsuk-select';
  select.id = id;
  select.append(new Option('(as it came)', ''));
  labels.forEach((text, index) => {
    if (text === '') return;
    select.append(new Option(text + ', lowest or A first', index + ' up'));
    select.append(new Option(text + ', highest or Z first', index + ' down'));
  });
  select.addEventListener('change', () => {
    if (select.value === '') return;
    const [index, way] = select.value.split(' ');
    sortBy(Number(index), way === 'up');
  });
  list.append(label, select);
  (table.closest('.nhsuk-table-container') ?? table).before(list);
}
`;

function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

export const BENCHMARKING_ASSETS = new Map<string, { body: string; contentType: string; etag: string }>([
  [
    '/benchmarking.css',
    { body: BENCHMARKING_CSS, contentType: 'text/css; charset=utf-8', etag: etagOf(BENCHMARKING_CSS) },
  ],
  [
    '/benchmarking.mjs',
    {
      body: BENCHMARKING_SCRIPT,
      contentType: 'text/javascript; charset=utf-8',
      etag: etagOf(BENCHMARKING_SCRIPT),
    },
  ],
]);
