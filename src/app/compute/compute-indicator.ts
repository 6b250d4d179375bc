// One indicator, every period: gather its facts, place each practice in its areas for the period,
// compute the period's results (period-results.ts), case-mix comparison and headline judgment
// (judgment-step.ts), then an SPC chart per practice series. Rows go to the sink as they are made, so
// memory holds one indicator at a time.
import type { Kysely } from 'kysely';
import type { StandardisedModel } from '../../domain/casemix/standardised-model.ts';
import type { IndicatorVersion } from '../../domain/indicators/definition.ts';
import { periodEndDate } from '../../domain/indicators/periods.ts';
import type { Database } from '../../store/schema.ts';
import { compareText } from '../indicators/catalogue.ts';
import type { PracticeUnit } from './areas.ts';
import type { CaseMixInputs } from './casemix-inputs.ts';
import { caseMixStep } from './casemix-step.ts';
import { gatherFacts } from './facts.ts';
import type { Hierarchy, Parents } from './hierarchy.ts';
import { ENGLAND } from './hierarchy.ts';
import { judgmentStep } from './judgment-step.ts';
import { periodResults, type ResultRow } from './period-results.ts';
import type { ReleaseSink } from './sink.ts';
import { practiceSpc, type SeriesPoint } from './spc-step.ts';

const NO_PARENTS: Parents = { pcn: null, subIcb: null, icb: null, region: null };

export interface IndicatorContext {
  db: Kysely<Database>;
  hierarchy: Hierarchy;
  caseMix: CaseMixInputs;
  peers: ReadonlyMap<string, readonly string[]> | null;
  why: (indicator: IndicatorVersion, row: ResultRow) => string | null;
  sink: ReleaseSink;
  onPeriod?: (period: string) => void;
}

export interface IndicatorSummary {
  periods: number;
  practiceResults: number;
  spcSeries: number;
  shortSeries: number;
  skipped: Record<string, number>;
}

export async function computeIndicator(
  ctx: IndicatorContext,
  indicator: IndicatorVersion,
): Promise<IndicatorSummary> {
  const facts = await gatherFacts(
    ctx.db,
    indicator.computation,
    indicator.periodType,
    indicator.type === 'proportion',
  );
  const series = new Map<string, SeriesPoint[]>();
  const england = new Map<string, number | null>();
  let previousModel: StandardisedModel | null = null;
  let practiceResults = 0;
  for (const [period, rows] of facts.periods) {
    ctx.onPeriod?.(period);
    const date = periodEndDate(period, indicator.periodType);
    const codes = rows.map((r) => r.practice);
    await ctx.hierarchy.prepare(codes);
    const practices: PracticeUnit[] = rows.map((r) => ({
      ...r,
      parents: date ? ctx.hierarchy.parentsOf(r.practice, date) : NO_PARENTS,
    }));
    const sources = date ? await ctx.caseMix.forDate(date, codes) : null;
    const caseMix = sources ? caseMixStep(indicator.type, rows, sources) : null;
    const judgment = judgmentStep(indicator.type, rows, sources, previousModel);
    previousModel = judgment.model ?? previousModel;
    const out = periodResults({
      indicator,
      period,
      practices,
      peers: ctx.peers,
      caseMix,
      judgment,
      why: (row) => ctx.why(indicator, row),
    });
    for (const row of out.results) {
      ctx.sink.add('result', row);
      if (row.area_kind === 'country' && row.area_code === ENGLAND) england.set(period, row.value ?? null);
      if (row.area_kind === 'practice' && row.value !== null && row.value !== undefined) {
        practiceResults++;
        const list = series.get(row.area_code);
        const point = { period, value: row.value };
        if (list) list.push(point);
        else series.set(row.area_code, [point]);
      }
    }
    for (const fit of out.funnels) ctx.sink.add('funnel_fit', fit);
    if (caseMix) ctx.sink.add('casemix_fit', { indicator_id: indicator.id, period, ...caseMix.fit });
    for (const fit of judgment.fits)
      ctx.sink.add('judgment_fit', { indicator_id: indicator.id, period, ...fit });
  }
  let spcSeries = 0;
  let shortSeries = 0;
  for (const practice of [...series.keys()].sort(compareText)) {
    const chart = practiceSpc(indicator, practice, series.get(practice)!, england);
    if (!chart) continue;
    spcSeries++;
    if (chart.summary.short_series) shortSeries++;
    for (const point of chart.points) ctx.sink.add('spc_point', point);
    ctx.sink.add('spc_summary', chart.summary);
    await ctx.sink.drain();
  }
  return { periods: facts.periods.size, practiceResults, spcSeries, shortSeries, skipped: facts.skipped };
}
