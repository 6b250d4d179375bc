// What the public release pages show: published releases only, and every count and derived figure
// through disclosure control (src/domain/disclosure). Per indicator, the latest period, one sub-ICB
// location's practices at a time, with the total of those practices as the table's total line — so
// secondary suppression protects each practice's counts against subtraction from that total.
import type { Kysely } from 'kysely';
import {
  type DisclosureRule,
  type PublishedCount,
  protectTable,
  publishDerived,
} from '../../domain/disclosure/index.ts';
import type { Database, Release } from '../../store/schema.ts';
import { compareText } from '../indicators/catalogue.ts';

export interface PublicFigure {
  numerator: PublishedCount;
  denominator: PublishedCount;
  /** The indicator's value (percentage, rate …) or null when suppressed or not known. */
  value: number | null;
}

export interface PublicPracticeRow extends PublicFigure {
  code: string;
  name: string;
}

export interface PublicIndicatorTable {
  indicatorCode: string;
  indicatorName: string;
  period: string;
  rows: PublicPracticeRow[];
  total: PublicFigure;
}

export interface PublicArea {
  code: string;
  name: string;
}

export async function listPublishedReleases(db: Kysely<Database>): Promise<Release[]> {
  return db
    .selectFrom('release')
    .selectAll()
    .where('status', '=', 'published')
    .orderBy('id', 'desc')
    .execute();
}

export async function findPublishedRelease(db: Kysely<Database>, name: string): Promise<Release | null> {
  return (
    (await db
      .selectFrom('release')
      .selectAll()
      .where('name', '=', name)
      .where('status', '=', 'published')
      .executeTakeFirst()) ?? null
  );
}

/** The sub-ICB locations with practices in the release, by name. */
export async function releaseAreas(db: Kysely<Database>, release: Release): Promise<PublicArea[]> {
  const rows = await db
    .selectFrom('result')
    .leftJoin('organisation', 'organisation.code', 'result.sub_icb_code')
    .select(['result.sub_icb_code as code', 'organisation.name'])
    .distinct()
    .where('result.release_id', '=', release.id)
    .where('result.area_kind', '=', 'practice')
    .where('result.sub_icb_code', 'is not', null)
    .execute();
  return rows
    .map((r) => ({ code: r.code as string, name: r.name ?? (r.code as string) }))
    .sort((a, b) => compareText(a.name, b.name));
}

/** Every indicator's latest period for one sub-ICB location's practices, disclosure-controlled. */
export async function publicAreaFigures(
  db: Kysely<Database>,
  release: Release,
  subIcbCode: string,
  rule: DisclosureRule,
): Promise<PublicIndicatorTable[]> {
  const rows = await db
    .selectFrom('result')
    .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
    .leftJoin('organisation', 'organisation.code', 'result.area_code')
    .select([
      'indicator.code as indicator_code',
      'indicator.name as indicator_name',
      'result.period',
      'result.area_code',
      'organisation.name as practice_name',
      'result.numerator',
      'result.denominator',
      'result.value',
    ])
    .where('result.release_id', '=', release.id)
    .where('result.area_kind', '=', 'practice')
    .where('result.sub_icb_code', '=', subIcbCode)
    .execute();
  const latest = new Map<string, string>();
  for (const r of rows) {
    const seen = latest.get(r.indicator_code);
    if (seen === undefined || compareText(r.period, seen) > 0) latest.set(r.indicator_code, r.period);
  }
  const tables: PublicIndicatorTable[] = [];
  for (const [code, period] of [...latest].sort((a, b) => compareText(a[0], b[0]))) {
    const practices = rows
      .filter(
        (r) =>
          r.indicator_code === code && r.period === period && r.numerator !== null && r.denominator !== null,
      )
      .sort((a, b) => compareText(a.area_code, b.area_code));
    if (practices.length === 0) continue;
    tables.push({
      indicatorCode: code,
      indicatorName: practices[0]!.indicator_name,
      period,
      ...protectFigures(
        rule,
        practices.map((p) => ({
          code: p.area_code,
          name: p.practice_name ?? p.area_code,
          numerator: p.numerator!,
          denominator: p.denominator!,
          value: p.value,
        })),
      ),
    });
  }
  return tables;
}

interface RawFigure {
  code: string;
  name: string;
  numerator: number;
  denominator: number;
  value: number | null;
}

/**
 * Counts out of a denominator (numerator ≤ denominator) are protected as a two-column table — those
 * counted and those not — so the complement (denominator − numerator) is protected too; anything else
 * (rates per patient, where the numerator can exceed the denominator) as two separate columns.
 */
export function protectFigures(
  rule: DisclosureRule,
  figures: readonly RawFigure[],
): { rows: PublicPracticeRow[]; total: PublicFigure } {
  const sum = (pick: (f: RawFigure) => number) => figures.reduce((s, f) => s + pick(f), 0);
  const totalValue = (() => {
    const d = sum((f) => f.denominator);
    const n = sum((f) => f.numerator);
    if (d === 0) return null;
    // The practices' own ratio scaled like their values (value = numerator / denominator × multiplier).
    const scaled = figures.find((f) => f.value !== null && f.numerator > 0 && f.denominator > 0);
    const multiplier = scaled ? scaled.value! / (scaled.numerator / scaled.denominator) : 1;
    return (n / d) * multiplier;
  })();
  const proportions = figures.every((f) => f.numerator >= 0 && f.numerator <= f.denominator);
  if (proportions) {
    const t = protectTable(rule, {
      cells: figures.map((f) => [f.numerator, f.denominator - f.numerator]),
      rowTotals: true,
      columnTotals: true,
    });
    return {
      rows: figures.map((f, i) => {
        const parts = [t.cells[i]![0]!, t.cells[i]![1]!, t.rowTotals[i]!];
        return {
          code: f.code,
          name: f.name,
          numerator: parts[0]!,
          denominator: parts[2]!,
          value: publishDerived(f.value, parts),
        };
      }),
      total: {
        numerator: t.columnTotals[0]!,
        denominator: t.grandTotal!,
        value: publishDerived(totalValue, [t.columnTotals[0]!, t.columnTotals[1]!, t.grandTotal!]),
      },
    };
  }
  const column = (pick: (f: RawFigure) => number) =>
    protectTable(rule, { cells: figures.map((f) => [pick(f)]), rowTotals: false, columnTotals: true });
  const n = column((f) => f.numerator);
  const d = column((f) => f.denominator);
  return {
    rows: figures.map((f, i) => {
      const parts = [n.cells[i]![0]!, d.cells[i]![0]!];
      return {
        code: f.code,
        name: f.name,
        numerator: parts[0]!,
        denominator: parts[1]!,
        value: publishDerived(f.value, parts),
      };
    }),
    total: {
      numerator: n.columnTotals[0]!,
      denominator: d.columnTotals[0]!,
      value: publishDerived(totalValue, [n.columnTotals[0]!, d.columnTotals[0]!]),
    },
  };
}
