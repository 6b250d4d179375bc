// Which PCN, sub-ICB, ICB and region a practice belonged to in a period, from the membership
// observations (src/domain/membership.ts), looked up at the period's end date.
//
// Rules (docs/indicators.md, "Aggregation"):
// - practice → PCN: only a membership in force on the date. PCNs began in July 2019; a practice is
//   never placed in a PCN before the first extract that shows it in one.
// - practice → sub-ICB, sub-ICB → ICB, ICB → region: the membership in force on the date, else the
//   earliest later one (ICBs and their STP predecessors were first published in 2020, so a 2016-17
//   sub-ICB takes the first known ICB).
// - region: from the ICB, else from the sub-ICB, else from the practice itself.
// - a sub-ICB (CCG) with no ICB or region of its own — one that merged away before ICBs (and their
//   STP predecessors) were published, like 00K in April 2020 — takes those of its successor in the
//   lineage (a merger or succession link: derived from where its practices went, or recorded by an
//   administrator). Pending merger candidates are not lineage and are never used.

import type { Kysely } from 'kysely';
import { type MembershipPeriod, membershipPeriods } from '../../domain/membership.ts';
import type { OrganisationKind } from '../../domain/records.ts';
import type { Database } from '../../store/schema.ts';

export interface Parents {
  pcn: string | null;
  subIcb: string | null;
  icb: string | null;
  region: string | null;
}

export const ENGLAND = 'E92000001';

/**
 * Beyond this many organisations not read yet, every membership is read at once (one scan) instead of
 * the organisations one index look-up each: an incremental release computing one local indicator for a
 * few hundred practices reads their memberships and their parents', not England's 186k observations
 * (0.6 s of its time, issue 15); a full release reads them all at its first national indicator.
 */
const READ_ALL_BEYOND = 2000;

interface MembershipRow {
  child_code: string;
  parent_kind: OrganisationKind;
  parent_code: string;
  observed_on: string;
  ended_on: string | null;
}

export class Hierarchy {
  private readonly byChild = new Map<string, MembershipPeriod[]>();
  private readonly cache = new Map<string, Parents>();
  /** Organisations whose memberships are read (with or without any), until every one is. */
  private readonly read = new Set<string>();
  private complete: boolean;

  /**
   * `successors`: commissioner → the commissioner it merged into or was succeeded by. Given
   * `periods`, the hierarchy holds them all; from `db` it reads what `prepare` asks for.
   */
  constructor(
    periods: readonly MembershipPeriod[],
    private readonly successors: ReadonlyMap<string, string> = new Map(),
    private readonly db: Kysely<Database> | null = null,
  ) {
    this.complete = db === null;
    this.add(periods);
  }

  /** The hierarchy of the store, read as `prepare` asks. */
  static async load(db: Kysely<Database>): Promise<Hierarchy> {
    const links = await db
      .selectFrom('organisation_lineage as l')
      .innerJoin('organisation as o', 'o.code', 'l.predecessor_code')
      .select(['l.predecessor_code', 'l.successor_code'])
      .where('o.kind', '=', 'sub_icb')
      .where('l.kind', 'in', ['merger', 'succession'])
      .where('l.successor_code', 'is not', null)
      .orderBy('l.effective_date', 'desc')
      .execute();
    const successors = new Map<string, string>();
    for (const l of links)
      if (!successors.has(l.predecessor_code)) successors.set(l.predecessor_code, l.successor_code!);
    return new Hierarchy([], successors, db);
  }

  /**
   * Reads the memberships `parentsOf` needs for these practices: theirs, their parents' and so on
   * up to the region, and those of the commissioners their commissioners were succeeded by. A
   * child's periods come from its own observations alone (membershipPeriods), so reading a few
   * children gives their periods exactly as reading every one does.
   */
  async prepare(practices: readonly string[]): Promise<void> {
    let next = [...new Set(practices)].filter((code) => !this.read.has(code));
    while (!this.complete && next.length > 0) {
      if (next.length > READ_ALL_BEYOND) {
        await this.readAll();
        return;
      }
      const rows = await this.memberships(next);
      for (const code of next) this.read.add(code);
      this.add(periodsOf(rows));
      const above = new Set<string>();
      for (const r of rows) above.add(r.parent_code);
      for (const code of next) {
        const successor = this.successors.get(code);
        if (successor !== undefined) above.add(successor);
      }
      next = [...above].filter((code) => !this.read.has(code));
    }
  }

  private async readAll(): Promise<void> {
    const rows = await this.memberships(null);
    this.byChild.clear();
    this.add(periodsOf(rows));
    this.complete = true;
    this.read.clear();
  }

  /** The membership observations of these children, or of every one (null). */
  private memberships(children: readonly string[] | null): Promise<MembershipRow[]> {
    let query = this.db!.selectFrom('organisation_membership').select([
      'child_code',
      'parent_kind',
      'parent_code',
      'observed_on',
      'ended_on',
    ]);
    if (children !== null) query = query.where('child_code', 'in', children);
    return query.execute();
  }

  private add(periods: readonly MembershipPeriod[]): void {
    for (const p of periods) {
      const key = `${p.childCode}|${p.parentKind}`;
      const list = this.byChild.get(key);
      if (list) list.push(p);
      else this.byChild.set(key, [p]);
    }
  }

  /** The practice's parents on `date` (YYYY-MM-DD); read from a store, after `prepare`. */
  parentsOf(practice: string, date: string): Parents {
    const key = `${practice}|${date}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const pcn = this.parent(practice, 'pcn', date, false);
    const subIcb =
      this.parent(practice, 'sub_icb', date, true) ?? (pcn ? this.parent(pcn, 'sub_icb', date, true) : null);
    const icb = subIcb ? this.viaSuccessors(subIcb, 'icb', date) : null;
    const region =
      (icb ? this.parent(icb, 'region', date, true) : null) ??
      (subIcb ? this.viaSuccessors(subIcb, 'region', date) : null) ??
      this.parent(practice, 'region', date, true);
    const parents = { pcn, subIcb, icb, region };
    this.cache.set(key, parents);
    return parents;
  }

  /** A commissioner's parent of `kind`, else its successor's (and so on, a few steps at most). */
  private viaSuccessors(commissioner: string, kind: OrganisationKind, date: string): string | null {
    let code: string | undefined = commissioner;
    for (let step = 0; code !== undefined && step < 5; step++) {
      const found = this.parent(code, kind, date, true);
      if (found !== null) return found;
      code = this.successors.get(code);
    }
    return null;
  }

  private parent(child: string, kind: OrganisationKind, date: string, fillBackwards: boolean): string | null {
    const periods = this.byChild.get(`${child}|${kind}`);
    if (!periods) return null;
    for (const p of periods)
      if (p.validFrom <= date && (p.validTo === null || date < p.validTo)) return p.parentCode;
    if (fillBackwards && periods[0]!.validFrom > date) return periods[0]!.parentCode;
    return null;
  }
}

function periodsOf(rows: readonly MembershipRow[]): MembershipPeriod[] {
  return membershipPeriods(
    rows.map((r) => ({
      childCode: r.child_code,
      parentKind: r.parent_kind,
      parentCode: r.parent_code,
      observedOn: r.observed_on,
      endedOn: r.ended_on,
    })),
  );
}
