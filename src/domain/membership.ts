// An organisation's parents over time. Each extract (ODS, registrations mapping, …) records which
// PCN / sub-ICB / ICB a practice belonged to on that date; the store keeps those observations and this
// turns them into validity periods. Consecutive observations with the same parent form one period; a
// different parent starts a new one; the last period stays open (validTo null) because nothing says
// it has ended.
import type { IsoDate, OrganisationKind } from './records.ts';

/** One observation (a row of organisation_membership, in camelCase). */
export interface MembershipObservation {
  childCode: string;
  parentKind: OrganisationKind;
  parentCode: string;
  observedOn: IsoDate;
}

export interface MembershipPeriod {
  childCode: string;
  parentKind: OrganisationKind;
  parentCode: string;
  /** The first observation of this parent in the run. */
  validFrom: IsoDate;
  /**
   * The date the next period starts (exclusive), so the periods of one child and kind tile time with
   * no gap: [validFrom, validTo). null for the latest period.
   */
  validTo: IsoDate | null;
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
  for (const o of sorted) {
    const sameSeries =
      current !== null && current.childCode === o.childCode && current.parentKind === o.parentKind;
    if (current && sameSeries && current.parentCode === o.parentCode) {
      current.lastObservedOn = o.observedOn;
      continue;
    }
    if (current && sameSeries) {
      if (current.lastObservedOn === o.observedOn) {
        throw new Error(
          `${o.childCode} has two ${o.parentKind} parents on ${o.observedOn}: ${current.parentCode} and ${o.parentCode}`,
        );
      }
      current.validTo = o.observedOn;
    }
    current = {
      childCode: o.childCode,
      parentKind: o.parentKind,
      parentCode: o.parentCode,
      validFrom: o.observedOn,
      validTo: null,
      lastObservedOn: o.observedOn,
    };
    periods.push(current);
  }
  return periods;
}

/** The periods in force on `date` ('YYYY-MM-DD'): at most one per child and parent kind. */
export function membershipOn(periods: readonly MembershipPeriod[], date: IsoDate): MembershipPeriod[] {
  return periods.filter((p) => p.validFrom <= date && (p.validTo === null || date < p.validTo));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
