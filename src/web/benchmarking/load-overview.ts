/** An area's overview: the heat map of its practices' latest verdicts on every indicator. */
import type { DisclosureControl } from '../../app/benchmarking/disclosure.ts';
import { organisationNames } from '../../app/benchmarking/page-queries.ts';
import { type AreaRef, areaMatrix } from '../../app/benchmarking/queries.ts';
import type { Db, Organisation, Release } from '../../app/db.ts';
import type { HeadlineView } from './comparison.ts';
import { derived, practiceCounts, publishedResult } from './disclose.ts';
import {
  disclosureView,
  headlineView,
  indicatorView,
  organisationView,
  patternsFor,
  releaseView,
  verdictOf,
} from './view-parts.ts';
import type { OverviewView } from './views.ts';

export async function loadOverview(
  db: Db,
  release: Release,
  area: Organisation,
  control: DisclosureControl | null = null,
): Promise<OverviewView> {
  const matrix = await areaMatrix(db, release, { kind: area.kind as AreaRef['kind'], code: area.code });
  const names = await organisationNames(db, matrix.practices);
  const pattern = await patternsFor(
    db,
    release,
    control,
    matrix.indicators.map((i) => ({ indicatorId: i.id, period: i.period })),
  );
  return {
    release: releaseView(release),
    disclosure: disclosureView(control),
    area: organisationView(area),
    indicators: matrix.indicators.map((i) => ({ ...indicatorView(i), period: i.period })),
    asOfDate: matrix.asOf?.date ?? null,
    practices: matrix.practices.map((code) => ({
      code,
      name: names.get(code) ?? code,
      cells: matrix.indicators.map((i) => {
        const r = matrix.cells.get(code)?.get(i.code);
        const c = r
          ? practiceCounts(pattern ? pattern(i.id, i.period) : null, code, r.numerator, r.denominator)
          : null;
        const flag: HeadlineView = r
          ? headlineView(r, i, c)
          : {
              key: 'not_compared',
              level: null,
              text: 'No value',
              flag: null,
              basis: null,
              z: null,
              expected: null,
              ratio: null,
            };
        return {
          indicatorCode: i.code,
          value: r && c ? derived(c, publishedResult(r, c, i).value) : null,
          suppressed: c !== null && !c.derivedShown,
          comparison: verdictOf(flag),
          flag,
        };
      }),
    })),
  };
}
