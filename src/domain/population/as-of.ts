// The one "as of" rule (issue 14, docs/schemes.md "Practices as of a date"): the practices of an
// organisation open on a date D, each with its registered list (and, where published, its weighted
// list) as of D and the extract each figure came from. Schemes, distributions, what-ifs, heat maps
// and counts all ask this one question, so the same organisation and date give the same practices
// and the same lists on every page.
//
// A practice of organisation X (of kind K) is open on D when
// 1. its K membership in force on D (src/domain/membership.ts) names X — a practice that moved away
//    before D is left out and the reason says where it was. As the benchmarking compute places
//    practices (src/app/compute/hierarchy.ts), a sub-ICB, ICB or region membership first observed
//    after D stands for D too when nothing earlier is known (extracts are sparse: a 2026 map is the
//    only word on many practices), unless the practice opened after D; a PCN membership never does;
// 2. it had opened by D (ODS open date) and had not closed by D (ODS close date: closed on or before D);
// 3. its status as of D is not dormant or closed: the latest status a file stated on or before D
//    (else the earliest stated after D when that is dormant, unless a usable list — no older than the
//    allowance, up to the statement — shows patients: ODS says dormant and gives no date, so a
//    practice with a list of the time counts then). A later "closed" is left to the close date.
// Its list as of D is the latest registered-patients extract on or before D. A list older than the
// allowance (`maxListAgeDays`, default 15 months: a financial year and the quarter before it) is
// never used: the practice stays in the count, its list is null and `staleList` names the old
// extract, so a statement says "no list as of D" instead of paying on a 2016 list. Lists published
// after D are never used for D. The same holds for weighted lists.
import {
  type MembershipObservation,
  type MembershipPeriod,
  membershipOn,
  membershipPeriods,
} from '../membership.ts';
import type { IsoDate, OrganisationKind, OrganisationStatus } from '../records.ts';

/** 15 months: a financial year's list taken in the quarter before the year began is still usable. */
export const DEFAULT_MAX_LIST_AGE_DAYS = 456;

export interface ListExtract {
  practiceCode: string;
  extractDate: IsoDate;
  patients: number;
  /** Where it came from, in words: "registered patients 1 Jan 2016 (import batch 7)". */
  source: string;
}

export interface PracticeFacts {
  code: string;
  name: string;
  openDate: IsoDate | null;
  closeDate: IsoDate | null;
  /** Statuses files stated, each with the file's date. */
  statuses: { asOf: IsoDate; status: OrganisationStatus }[];
}

export interface AsOfFacts {
  /** null: no membership test (every practice given is a candidate: England, or a named set). */
  organisation: { code: string; kind: OrganisationKind } | null;
  date: IsoDate;
  maxListAgeDays?: number;
  /** Every membership observation of the candidate practices, of the organisation's kind. */
  memberships: readonly MembershipObservation[];
  practices: readonly PracticeFacts[];
  lists: readonly ListExtract[];
  weightedLists?: readonly ListExtract[];
}

export interface ListFigure {
  patients: number;
  extractDate: IsoDate;
  source: string;
  /** Days between the extract and D. */
  ageDays: number;
}

export interface PracticeAsOf {
  code: string;
  name: string;
  /** The registered list as of D, or null (none held, or only a stale one: see staleList). */
  list: ListFigure | null;
  /** The latest list on or before D when it is older than the allowance (never used). */
  staleList: ListFigure | null;
  weightedList: ListFigure | null;
  staleWeightedList: ListFigure | null;
}

export interface LeftOut {
  code: string;
  name: string;
  reason: string;
}

export interface PracticesAsOf {
  organisation: { code: string; kind: OrganisationKind } | null;
  date: IsoDate;
  maxListAgeDays: number;
  practices: PracticeAsOf[];
  /** Practices that were ever members but are not open members on D, with the reason. */
  leftOut: LeftOut[];
}

export function practicesAsOf(facts: AsOfFacts): PracticesAsOf {
  const { organisation, date } = facts;
  const maxListAgeDays = facts.maxListAgeDays ?? DEFAULT_MAX_LIST_AGE_DAYS;
  const periods = organisation
    ? membershipPeriods(facts.memberships.filter((m) => m.parentKind === organisation.kind))
    : [];
  const inForce = organisation ? membershipsInForce(periods, organisation.kind, date) : new Map();
  const lists = byPractice(facts.lists);
  const weighted = byPractice(facts.weightedLists ?? []);
  const practices: PracticeAsOf[] = [];
  const leftOut: LeftOut[] = [];
  for (const p of [...facts.practices].sort((a, b) => compare(a.code, b.code))) {
    const out = (reason: string) => leftOut.push({ code: p.code, name: p.name, reason });
    const membership = organisation ? inForce.get(p.code) : undefined;
    if (organisation && !membership) {
      const own = periods.filter((m) => m.childCode === p.code);
      const first = own[0];
      if (first && date < first.validFrom)
        out(`not yet in ${organisation.code} on ${date} (from ${first.validFrom})`);
      else {
        const ended = own.filter((m) => m.validTo !== null && m.validTo <= date).pop();
        out(
          ended
            ? `left ${ended.parentCode} before ${date} (in it until ${ended.endedOn ?? ended.lastObservedOn})`
            : `not in ${organisation.code} on ${date}`,
        );
      }
      continue;
    }
    if (organisation && membership && membership.parentCode !== organisation.code) {
      out(`in ${membership.parentCode} on ${date}, not ${organisation.code} (moved)`);
      continue;
    }
    if (p.openDate !== null && p.openDate > date) {
      out(`opened ${p.openDate}, after ${date}`);
      continue;
    }
    if (p.closeDate !== null && p.closeDate <= date) {
      out(`closed ${p.closeDate}`);
      continue;
    }
    const status = statusOn(p, date, lists.get(p.code) ?? [], maxListAgeDays);
    if (status !== null) {
      out(status);
      continue;
    }
    const [list, staleList] = figureOn(lists.get(p.code) ?? [], date, maxListAgeDays);
    const [weightedList, staleWeightedList] = figureOn(weighted.get(p.code) ?? [], date, maxListAgeDays);
    practices.push({ code: p.code, name: p.name, list, staleList, weightedList, staleWeightedList });
  }
  return { organisation, date, maxListAgeDays, practices, leftOut };
}

/**
 * Each practice's membership of `kind` in force on `date` (rule 1), from its periods of that kind: the
 * period holding on the date; for a sub-ICB, ICB or region, else the first one observed after it when
 * nothing earlier is known (sparse extracts); a PCN membership is never taken back in time.
 */
export function membershipsInForce(
  periods: readonly MembershipPeriod[],
  kind: OrganisationKind,
  date: IsoDate,
): Map<string, MembershipPeriod> {
  const inForce = new Map(membershipOn(periods, date).map((p) => [p.childCode, p]));
  if (kind !== 'pcn')
    for (const p of periods) if (!inForce.has(p.childCode) && p.validFrom > date) inForce.set(p.childCode, p);
  return inForce;
}

/** Why the practice's status as of `date` leaves it out, or null when it does not. */
function statusOn(
  p: PracticeFacts,
  date: IsoDate,
  lists: readonly ListExtract[],
  maxAgeDays: number,
): string | null {
  const statuses = [...p.statuses].sort((a, b) => compare(a.asOf, b.asOf));
  const before = statuses.filter((s) => s.asOf <= date).pop();
  if (before)
    return before.status === 'dormant' || before.status === 'closed'
      ? `${before.status} (${before.asOf})`
      : null;
  const after = statuses.find((s) => s.asOf > date);
  if (after?.status !== 'dormant') return null;
  // Said dormant later: left out unless a usable list of the time shows patients.
  const active = lists.some(
    (l) => daysBetween(l.extractDate, date) <= maxAgeDays && l.extractDate <= after.asOf && l.patients > 0,
  );
  return active ? null : `${after.status} (${after.asOf}), no list since`;
}

function figureOn(
  extracts: readonly ListExtract[],
  date: IsoDate,
  maxAgeDays: number,
): [ListFigure | null, ListFigure | null] {
  const latest = extracts.filter((e) => e.extractDate <= date).pop();
  if (!latest) return [null, null];
  const figure: ListFigure = {
    patients: latest.patients,
    extractDate: latest.extractDate,
    source: latest.source,
    ageDays: daysBetween(latest.extractDate, date),
  };
  return figure.ageDays > maxAgeDays ? [null, figure] : [figure, null];
}

/** Extracts per practice, oldest first (the same date twice: the later in the input wins). */
function byPractice(extracts: readonly ListExtract[]): Map<string, ListExtract[]> {
  const out = new Map<string, ListExtract[]>();
  for (const e of [...extracts].sort((a, b) => compare(a.extractDate, b.extractDate))) {
    const list = out.get(e.practiceCode) ?? [];
    out.set(e.practiceCode, list);
    if (list.length > 0 && list[list.length - 1]!.extractDate === e.extractDate) list[list.length - 1] = e;
    else list.push(e);
  }
  return out;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** What a statement says about a practice's list as of D: the figure and its extract, or why none. */
export function listNote(practice: PracticeAsOf, date: IsoDate, what = 'registered list'): string {
  const figure = what === 'registered list' ? practice.list : practice.weightedList;
  const stale = what === 'registered list' ? practice.staleList : practice.staleWeightedList;
  if (figure) return `${what} ${figure.patients} from ${dated(figure)}`;
  if (stale)
    return `no ${what} as of ${date}: the latest (${stale.patients}, ${dated(stale)}) is ${stale.ageDays} days old then: not used`;
  return `no ${what} on or before ${date}`;
}

/** A figure's source with its date, when the source's words do not already give it. */
export function dated(figure: { source: string; extractDate: IsoDate }): string {
  return figure.source.includes(figure.extractDate)
    ? figure.source
    : `${figure.source}, dated ${figure.extractDate}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
