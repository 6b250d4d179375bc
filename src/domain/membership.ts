// An organisation's parents over time. Each extract (ODS, registrations mapping, …) records which
// PCN / sub-ICB / ICB a practice belonged to on that date; the store keeps those observations and this
// turns them into validity periods. Consecutive observations with the same parent form one period; a
// different parent starts a new one; the last period stays open (validTo null) unless a source said
// when it ended: ODS gives the day a practice left its commissioner, or closed (`endedOn`, the last
// day of membership). A period ends on the day after that, or when the next parent's begins if that
// is sooner; an observation after the end starts a new period even with the same parent (rejoined).
// So a practice closed in 2017 is shown "2013 – 31 Oct 2017", not "2013 – now".
import type { IsoDate, OrganisationKind } from './records.ts';

/** One observation (a row of organisation_membership, in camelCase). */
export interface MembershipObservation {
  childCode: string;
  parentKind: OrganisationKind;
  parentCode: string;
  observedOn: IsoDate;
  /** The last day the membership held, when the source says. */
  endedOn?: IsoDate | null;
}

export interface MembershipPeriod {
  childCode: string;
  parentKind: OrganisationKind;
  parentCode: string;
  /** The first observation of this parent in the run. */
  validFrom: IsoDate;
  /**
   * The first day it no longer held (exclusive): the next period's start, or the day after a known
   * end. [validFrom, validTo); null when nothing says it ended. Periods tile time with no gap unless
   * a membership is known to have ended before the next began.
   */
  validTo: IsoDate | null;
  /** The last day of membership a source gave (ODS leave or close date), if any. */
  endedOn: IsoDate | null;
  /** The last extract that still showed this parent; before validTo when extracts are sparse. */
  lastObservedOn: IsoDate;
}

/**
 * Validity periods per child and parent kind, sorted by childCode, parentKind, validFrom.
 * Throws when one extract date names two different parents for the same child and kind.
 */
export function membershipPeriods(observations: readonly MembershipObservation[]): MembershipPeriod[] {
  const sorted = [...observations].sort(
    (a, b) =>
      compare(a.childCode, b.childCode) ||
      compare(a.parentKind, b.parentKind) ||
      compare(a.observedOn, b.observedOn),
  );
  const periods: MembershipPeriod[] = [];
  let current: MembershipPeriod | null = null;
  const close = (period: MembershipPeriod, nextStart: IsoDate | null) => {
    const end = period.endedOn === null ? null : dayAfter(period.endedOn);
    period.validTo = end !== null && (nextStart === null || end < nextStart) ? end : nextStart;
  };
  for (const o of sorted) {
    const sameSeries =
      current !== null && current.childCode === o.childCode && current.parentKind === o.parentKind;
    const stillHeld = current !== null && (current.endedOn === null || o.observedOn <= current.endedOn);
    if (current && sameSeries && current.parentCode === o.parentCode && stillHeld) {
      current.lastObservedOn = o.observedOn;
      current.endedOn = later(current.endedOn, o.endedOn ?? null, o.observedOn);
      continue;
    }
    if (current && sameSeries) {
      if (current.lastObservedOn === o.observedOn) {
        throw new Error(
          `${o.childCode} has two ${o.parentKind} parents on ${o.observedOn}: ${current.parentCode} and ${o.parentCode}`,
        );
      }
      close(current, o.observedOn);
    } else if (current) close(current, null);
    current = {
      childCode: o.childCode,
      parentKind: o.parentKind,
      parentCode: o.parentCode,
      validFrom: o.observedOn,
      validTo: null,
      endedOn: o.endedOn ?? null,
      lastObservedOn: o.observedOn,
    };
    periods.push(current);
  }
  if (current) close(current, null);
  return periods;
}

/**
 * The end a run of observations of one parent keeps: an observation without an end, made after
 * the known end, shows the membership went on (the end is forgotten); otherwise the later end.
 */
function later(known: IsoDate | null, said: IsoDate | null, observedOn: IsoDate): IsoDate | null {
  if (said === null) return known !== null && observedOn > known ? null : known;
  return known === null || said > known ? said : known;
}

function dayAfter(date: IsoDate): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The periods in force on `date` ('YYYY-MM-DD'): at most one per child and parent kind. */
export function membershipOn(periods: readonly MembershipPeriod[], date: IsoDate): MembershipPeriod[] {
  return periods.filter((p) => p.validFrom <= date && (p.validTo === null || date < p.validTo));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
