// Price-per-unit variation (issue 20): for one BNF presentation in one month, what each practice of an
// area (a sub-ICB location, or any organisation practices belong to) paid a unit — actual cost ÷
// quantity — against the area's median, and what it would have saved paying the median:
//   saving = max(0, (price per unit − median) × quantity).
// The same presentation (the 15-character BNF code) is the same product and strength, so a higher
// price is a dearer brand, pack or supplier — the idea of OpenPrescribing's price-per-unit savings,
// with the area's median (not England's 10th percentile) as the yardstick, as the issue asks.
// The median interpolates linearly (src/domain/prescribing/deciles.ts). Practices are the area's
// open members at the end of the month (src/app/population/practices-as-of.ts).
import { sql } from 'kysely';
import { percentile } from '../../domain/prescribing/deciles.ts';
import type { Store } from '../../store/database.ts';
import { loadPracticesAsOf } from '../population/practices-as-of.ts';
import { UseCaseError } from '../use-case-error.ts';

export interface PricePerUnitPractice {
  practiceCode: string;
  practiceName: string;
  items: number;
  quantity: number;
  cost: number;
  pricePerUnit: number;
  saving: number;
}

export interface PricePerUnitView {
  presentation: { code: string; name: string | null };
  /** YYYY-MM */
  month: string;
  area: { code: string; name: string };
  /** The area's median price per unit (£), null when no practice prescribed it. */
  median: number | null;
  /** Largest saving first. */
  practices: PricePerUnitPractice[];
  totalSaving: number;
  /** True when the month was imported as SYNTHETIC data (the demo's), not published NHS data. */
  synthetic: boolean;
}

export interface PricePerUnitSummaryRow {
  code: string;
  name: string | null;
  practices: number;
  median: number;
  totalSaving: number;
}

export interface PricePerUnitSummary {
  month: string;
  area: { code: string; name: string };
  /** Presentations with a possible saving, largest first. */
  presentations: PricePerUnitSummaryRow[];
  synthetic: boolean;
  /** Every month held, newest first (for the month selector). */
  months: string[];
}

interface Group {
  practice_code: string;
  bnf_code: string;
  items: number;
  quantity: number;
  cost: number;
}

const BNF = /^[0-9A-Z]{15}$/;
const MONTH = /^\d{4}-\d{2}$/;

/** One presentation's price per unit across the area's practices in a month (the latest held when not given). */
export async function pricePerUnit(
  store: Pick<Store, 'db'>,
  bnfCode: string,
  options: { area: string; month?: string },
): Promise<PricePerUnitView | null> {
  if (!BNF.test(bnfCode))
    throw new UseCaseError('invalid', 'a BNF presentation code has 15 letters and digits');
  const scope = await scopeOf(store, options);
  if (scope === null) return null;
  const groups = await monthGroups(store, scope.month, scope.codes, bnfCode);
  const presentation = await store.db
    .selectFrom('bnf_presentation')
    .select(['bnf_code', 'name'])
    .where('bnf_code', '=', bnfCode)
    .executeTakeFirst();
  if (!presentation && groups.length === 0) return null;
  const { median, practices } = priced(groups, scope.names);
  return {
    presentation: { code: bnfCode, name: presentation?.name ?? null },
    month: scope.month,
    area: scope.area,
    median,
    practices,
    totalSaving: practices.reduce((s, p) => s + p.saving, 0),
    synthetic: scope.synthetic,
  };
}

/** The area's presentations with the largest possible price-per-unit savings in a month. */
export async function pricePerUnitSummary(
  store: Pick<Store, 'db'>,
  options: { area: string; month?: string; limit?: number },
): Promise<PricePerUnitSummary | null> {
  const scope = await scopeOf(store, options);
  if (scope === null) return null;
  const groups = await monthGroups(store, scope.month, scope.codes, null);
  const byCode = new Map<string, Group[]>();
  for (const g of groups) {
    const list = byCode.get(g.bnf_code) ?? [];
    list.push(g);
    byCode.set(g.bnf_code, list);
  }
  const rows: PricePerUnitSummaryRow[] = [];
  for (const [code, list] of byCode) {
    const { median, practices } = priced(list, scope.names);
    const totalSaving = practices.reduce((s, p) => s + p.saving, 0);
    if (median !== null && totalSaving > 0)
      rows.push({ code, name: null, practices: practices.length, median, totalSaving });
  }
  rows.sort((a, b) => b.totalSaving - a.totalSaving || a.code.localeCompare(b.code));
  const top = rows.slice(0, options.limit ?? 50);
  if (top.length > 0) {
    const names = await store.db
      .selectFrom('bnf_presentation')
      .select(['bnf_code', 'name'])
      .where(
        'bnf_code',
        'in',
        top.map((r) => r.code),
      )
      .execute();
    const nameOf = new Map(names.map((n) => [n.bnf_code, n.name]));
    for (const r of top) r.name = nameOf.get(r.code) ?? null;
  }
  return {
    month: scope.month,
    area: scope.area,
    presentations: top,
    synthetic: scope.synthetic,
    months: scope.months,
  };
}

function priced(
  groups: readonly Group[],
  names: ReadonlyMap<string, string>,
): { median: number | null; practices: PricePerUnitPractice[] } {
  const withPrice = groups.filter((g) => g.quantity > 0).map((g) => ({ ...g, ppu: g.cost / g.quantity }));
  const median = percentile(
    withPrice.map((g) => g.ppu),
    50,
  );
  const practices = withPrice.map((g) => ({
    practiceCode: g.practice_code,
    practiceName: names.get(g.practice_code) ?? g.practice_code,
    items: g.items,
    quantity: g.quantity,
    cost: g.cost,
    pricePerUnit: g.ppu,
    saving: median === null ? 0 : Math.max(0, (g.ppu - median) * g.quantity),
  }));
  practices.sort(
    (a, b) =>
      b.saving - a.saving || b.pricePerUnit - a.pricePerUnit || a.practiceCode.localeCompare(b.practiceCode),
  );
  return { median, practices };
}

interface Scope {
  month: string;
  months: string[];
  area: { code: string; name: string };
  codes: string[];
  names: Map<string, string>;
  synthetic: boolean;
}

async function scopeOf(
  store: Pick<Store, 'db'>,
  options: { area: string; month?: string },
): Promise<Scope | null> {
  if (options.month !== undefined && !MONTH.test(options.month))
    throw new UseCaseError('invalid', 'a month is written YYYY-MM');
  const code = options.area.trim().toUpperCase();
  const named = await store.db
    .selectFrom('organisation')
    .select(['code', 'name'])
    .where('code', '=', code)
    .executeTakeFirst();
  const held = await store.db
    .selectFrom('prescribing_month as m')
    .innerJoin('import_batch as b', 'b.id', 'm.import_batch_id')
    .select(['m.month', 'b.publisher'])
    .orderBy('m.month', 'desc')
    .execute();
  const months = held.map((h) => h.month.slice(0, 7));
  const month = options.month ?? months[0];
  const row = held.find((h) => h.month.slice(0, 7) === month);
  if (!month || !row) return null;
  const end = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0))
    .toISOString()
    .slice(0, 10);
  const asOf = await loadPracticesAsOf(store.db, code, end);
  // An area is known by its own row or (before the file naming it is imported) by its members.
  if (!named && asOf.practices.length === 0 && asOf.leftOut.length === 0) return null;
  const area = { code, name: named?.name ?? code };
  return {
    month,
    months,
    area: { code: area.code, name: area.name },
    codes: asOf.practices.map((p) => p.code),
    names: new Map(asOf.practices.map((p) => [p.code, p.name])),
    synthetic: row.publisher.startsWith('SYNTHETIC'),
  };
}

async function monthGroups(
  store: Pick<Store, 'db'>,
  month: string,
  practices: readonly string[],
  bnfCode: string | null,
): Promise<Group[]> {
  if (practices.length === 0) return [];
  const rows = await store.db
    .selectFrom('prescribing')
    .select(['practice_code', 'bnf_code', 'items', 'quantity', 'actual_cost'])
    .where('month', '=', `${month}-01`)
    .where('practice_code', 'in', practices)
    .$if(bnfCode !== null, (q) => q.where('bnf_code', '=', bnfCode!))
    .where(sql<boolean>`quantity > 0`)
    .execute();
  return rows.map((r) => ({
    practice_code: r.practice_code,
    bnf_code: r.bnf_code,
    items: Number(r.items),
    quantity: Number(r.quantity),
    cost: Number(r.actual_cost),
  }));
}
