/**
 * A signed-in viewer's indicator view made from the visitors' view (issue 15). Her disclosure control
 * differs from a visitor's only in the organisations it opens: the suppression pattern is the rule's,
 * whoever looks (src/app/benchmarking/disclosure.ts). So her view is the visitors' view with the rows
 * of her open practices made again from their true counts, the table ranked again and the funnels fitted
 * again to the counts she sees. Everything else (the other practices' rows, England's range, the
 * calibration, the case-mix description) is the visitors' as it stands.
 *
 * That is the very view makeIndicatorPage makes for her (test/web/indicator-page-kept.test.ts checks
 * it viewer by viewer), without reading and disclosing every practice's row: on England's page a
 * practice manager's first view of an indicator cost ~0.5 s, most of it spent remaking rows a visitor
 * already sees.
 */
import type { DisclosureControl } from '../../app/benchmarking/disclosure.ts';
import type { FunnelInputRow } from '../../app/benchmarking/funnel-chart.ts';
import {
  type AreaRef,
  practicesIndicatorResults,
  releaseIndicatorList,
} from '../../app/benchmarking/queries.ts';
import type { Db, Release } from '../../app/db.ts';
import { practiceCounts } from './disclose.ts';
import {
  drawnFunnels,
  headlineFunnel,
  headlinePoint,
  isDrawn,
  practiceRow,
  rankedPractices,
} from './indicator-rows.ts';
import { ENGLAND_CODE } from './view-parts.ts';
import type { IndicatorPageView } from './views.ts';

let openedViews = 0;

/** How many views were made from a visitors' view (tests). */
export function openedViewsMade(): number {
  return openedViews;
}

/**
 * The view of `visitor` (the visitors' view of a published release, made under `control.rule` with
 * nothing open) as `control` publishes it; null when it cannot be made this way (the control withholds,
 * or opens the page's area or England, whose own figures the view shows), and the caller makes it from
 * the release's rows.
 */
export async function openedView(
  db: Db,
  release: Release,
  visitor: IndicatorPageView,
  control: DisclosureControl,
): Promise<IndicatorPageView | null> {
  if (control.withhold || control.open.has(visitor.area.code) || control.open.has(ENGLAND_CODE)) return null;
  const opened = visitor.practices.filter((p) => control.open.has(p.code)).map((p) => p.code);
  openedViews++;
  if (opened.length === 0) return visitor;
  const i = (await releaseIndicatorList(db, release.id)).find((v) => v.code === visitor.indicator.code);
  if (!i) return null;
  const rows = new Map(
    (await practicesIndicatorResults(db, release.id, i.id, visitor.period, opened)).map((r) => [
      r.area_code,
      r,
    ]),
  );
  if (rows.size !== opened.length) return null;
  const ref = { kind: visitor.area.kind as AreaRef['kind'] };
  const practices = visitor.practices.map((p) => {
    const r = rows.get(p.code);
    // Her own practice: shown in full, as her control publishes it.
    return r
      ? practiceRow(r, i, ref, practiceCounts(null, r.area_code, r.numerator, r.denominator), r, p.name)
      : p;
  });
  // The funnels' practices: the visitors' drawn rows as published, hers with their true counts.
  const drawn: FunnelInputRow[] = [];
  for (const p of visitor.practices) {
    if (rows.has(p.code)) drawn.push(rows.get(p.code)!);
    else if (isDrawn(p))
      drawn.push({
        area_code: p.code,
        numerator: p.numerator,
        denominator: p.denominator,
        expected: p.adjusted.expected,
      });
  }
  const headline = [
    ...(visitor.headlineFunnel?.points ?? []).filter((p) => !rows.has(p.code)),
    ...[...rows.values()].map(headlinePoint).filter((p) => p !== null),
  ];
  return {
    ...visitor,
    suppressedPractices: visitor.practices.length - drawn.length,
    ...drawnFunnels(i, drawn),
    headlineFunnel: headlineFunnel(headline, visitor.calibration?.fits[0]?.tau2 ?? null),
    practices: rankedPractices(practices),
  };
}
