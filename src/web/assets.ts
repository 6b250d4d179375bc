/**
 * The NHS.UK design system's compiled CSS, JavaScript and images, served by Fairview itself from
 * node_modules (no CDN). Read once at start and kept in memory: a few hundred kilobytes.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { STARTING_SCRIPT } from './pages/starting.ts';

export interface Asset {
  body: Uint8Array;
  contentType: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/manifest+json',
};

function frontendDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('nhsuk-frontend/package.json')), 'dist', 'nhsuk');
}

function asset(body: Uint8Array, name: string): Asset {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, contentType: TYPES[extname(name)] ?? 'application/octet-stream', etag };
}

/**
 * The stylesheet asks for the Frutiger font from assets.nhs.uk. We drop those @font-face rules so
 * pages make no request off the server; the design system's own fallback (Arial) is used instead.
 */
function withoutRemoteFonts(css: string): string {
  return css
    .replace(/@font-face\{[^}]*assets\.nhs\.uk[^}]*\}/g, '')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
}

/** Our one script: start the design system's enhancements. Pages work without it. */
const APP_SCRIPT = "import { initAll } from '/nhsuk/nhsuk-frontend.min.js';\ninitAll();\n";

/**
 * fairview.css: the little our own pages add to the design system. Charts shrink on narrow screens on
 * every page (a concern's data pack draws them too, not only the benchmarking pages; the tour found a
 * concern 776 px wide on a 375 px phone). `.fairview-table-stack` is every data table's small-screen form (docs/decisions.md,
 * "Tables on a phone"): below NHS.UK's tablet breakpoint each row becomes a block of its cells, each
 * cell led by its column's heading from data-label (CSS content with empty alternative text, so it is
 * neither read twice nor part of the cell's text); the table keeps its roles for assistive technology.
 * Its header row is hidden there, so a sortable table gets a "Sort the table by" list instead
 * (`.fairview-sort-by`, made by the benchmarking script; hidden on wider screens).
 */
const APP_CSS = `.fairview-pyramid{max-width:100%;height:auto}
.fairview-nowrap{white-space:nowrap}
.fairview-chart{max-width:100%;height:auto;display:block}
.fairview-chart-figure{margin:0 0 16px}
.fairview-sort-by{display:none}
.fairview-matrix th:first-child,.fairview-matrix td:first-child{position:sticky;left:0;background:#fff;z-index:1}
@media (max-width:40.0525em){
.fairview-matrix-hint--wide{display:none}
.fairview-sort-by{display:block}
.fairview-table-stack,.fairview-table-stack>tbody,.fairview-table-stack>tbody>tr,.fairview-table-stack>tbody>tr>td,.fairview-table-stack>tbody>tr>th{display:block;width:auto!important}
.fairview-table-stack>caption{display:block}
.fairview-table-stack>thead{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;border:0!important;white-space:nowrap!important}
.fairview-table-stack>tbody>tr{margin-bottom:16px;border-bottom:4px solid #d8dde0}
.fairview-table-stack>tbody>tr>td,.fairview-table-stack>tbody>tr>th{text-align:left;padding-right:0;overflow-wrap:anywhere}
.fairview-table-stack>tbody>tr>:last-child{border-bottom:0}
.fairview-table-stack [data-label]::before{content:attr(data-label) / "";display:block;font-weight:600}
}
`;

/** Loads every served file; keys are URL paths. */
export function loadAssets(): Map<string, Asset> {
  const dir = frontendDir();
  const assets = new Map<string, Asset>();
  const css = withoutRemoteFonts(readFileSync(join(dir, 'nhsuk-frontend.min.css'), 'utf8'));
  assets.set('/nhsuk/nhsuk-frontend.min.css', asset(Buffer.from(css), 'a.css'));
  const js = readFileSync(join(dir, 'nhsuk-frontend.min.js'), 'utf8').replace(
    /\/\/# sourceMappingURL=\S+/,
    '',
  );
  assets.set('/nhsuk/nhsuk-frontend.min.js', asset(Buffer.from(js), 'a.js'));
  assets.set('/app.mjs', asset(Buffer.from(APP_SCRIPT), 'a.mjs'));
  assets.set('/fairview.css', asset(Buffer.from(APP_CSS), 'a.css'));
  assets.set('/starting.mjs', asset(Buffer.from(STARTING_SCRIPT), 'a.mjs'));
  assets.set('/assets/manifest.json', asset(readFileSync(join(dir, 'assets', 'manifest.json')), 'a.json'));
  for (const name of readdirSync(join(dir, 'assets', 'images'))) {
    assets.set(`/assets/images/${name}`, asset(readFileSync(join(dir, 'assets', 'images', name)), name));
  }
  return assets;
}
