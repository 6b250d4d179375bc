import { Hono } from 'hono';
import { COMPARISON_LEVELS, type ComparisonLevel } from '../../benchmarking/comparison.ts';
import { loadIndicatorPage } from '../../benchmarking/load-indicator.ts';
import { loadScorecard } from '../../benchmarking/load-scorecard.ts';
import { loadTrend } from '../../benchmarking/load-trend.ts';
import { flaggedRows, type PrintPackFlag, printPackHtml } from '../../pages/benchmarking/print-pack.ts';
import { unavailablePage } from '../../pages/errors.ts';
import { htmlToPdf, PdfUnavailable } from '../../print/pdf.ts';
import type { RouteEnv } from '../../request.ts';
import { type BenchmarkingContext, targetOf } from './context.ts';

const isComparisonLevel = (level: string): level is ComparisonLevel =>
  (COMPARISON_LEVELS as readonly string[]).includes(level);

export function printPackRoutes(ctx: BenchmarkingContext): Hono<RouteEnv> {
  const { db, notFound, releaseFor, controlFor, practiceFor, handle, cached } = ctx;
  const app = new Hono<RouteEnv>();
  /**
   * The print pack (a PDF of a few pages, ?format=html for the same document as HTML): the scorecard
   * at the chosen level, and each flagged indicator's why-sentence, funnel and SPC chart, loaded by
   * the same loaders as those pages with the same release and disclosure checks. Chromium renders it
   * (src/web/print/pdf.ts); without Chromium the answer is 503. No API twin: its data is the
   * scorecard's, the indicator pages' and the trends' under /api/.
   */
  app.get(
    '/practices/:code/print-pack',
    cached(
      handle(async (c) => {
        const { practice, ancestors } = await practiceFor(c, 'page');
        const compare = c.req.query('compare') ?? 'england';
        if (!isComparisonLevel(compare))
          return notFound(c, 'page', 'Comparison level not found (england, icb, sub_icb, pcn or peers)');
        const release = await releaseFor(c, 'page', targetOf(practice, ancestors));
        const control = await controlFor(c, release);
        const view = await loadScorecard(db, release, practice, control, compare);
        const flags: PrintPackFlag[] = [];
        for (const row of flaggedRows(view)) {
          flags.push({
            row,
            indicator: await loadIndicatorPage(
              db,
              release,
              row.indicator.code,
              'england',
              row.period,
              practice,
              control,
            ),
            trend: await loadTrend(db, release, practice, row.indicator.code, control),
          });
        }
        const document = printPackHtml(view, flags, ctx.now().toISOString());
        if (c.req.query('format') === 'html') return c.html(document);
        try {
          const pdf = await htmlToPdf(document, { landscape: true });
          c.header('Content-Type', 'application/pdf');
          c.header(
            'Content-Disposition',
            `attachment; filename="print-pack-${practice.code}-${release.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.pdf"`,
          );
          return c.body(pdf as Uint8Array<ArrayBuffer>);
        } catch (e) {
          if (!(e instanceof PdfUnavailable)) throw e;
          c.header('Retry-After', '3600');
          return c.html(
            unavailablePage(
              c.get('viewer'),
              'The print pack is not available',
              `This server cannot make PDFs: ${e.message}. Print the scorecard from your browser instead (it has a print layout).`,
            ),
            503,
          );
        }
      }).page,
    ),
  );

  return app;
}
