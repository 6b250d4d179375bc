// Shared by the files that describe the organisation tree (practice → PCN → sub-ICB → ICB →
// region): each organisation is emitted once per file, each membership once per child, parent kind
// and date (the first one seen wins: the store keys memberships by child, kind and date).

import type { IsoDate, OrganisationKind, OrganisationRecord } from '../../domain/records.ts';
import type { ReaderContext } from '../reader.ts';

export interface OrganisationFacts {
  code: string;
  name?: string | null;
  onsCode?: string | null;
  postcode?: string | null;
}

export interface MembershipDates {
  /** The file's extract date, when it is not the observation date (a join date the file reports). */
  asOf?: IsoDate;
  /** The last day of the membership, when the file says. */
  endedOn?: IsoDate | null;
  /** The line the observation was read from, when it is emitted after that row (held back). */
  line?: number;
}

export class HierarchyEmitter {
  private readonly seenOrganisations = new Set<string>();
  private readonly seenMemberships = new Set<string>();

  constructor(private readonly context: ReaderContext) {}

  /** `asOf`: the date the file describes the organisation on (its extract date). */
  organisation(kind: OrganisationKind, facts: OrganisationFacts, asOf: IsoDate | null): void {
    const key = `${kind}:${facts.code}`;
    if (this.seenOrganisations.has(key)) return;
    this.seenOrganisations.add(key);
    this.context.emit(organisationRecord(kind, facts, asOf));
  }

  membership(
    childCode: string,
    parentKind: OrganisationKind,
    parentCode: string,
    observedOn: IsoDate,
    dates: MembershipDates = {},
  ): void {
    const key = `${childCode}:${parentKind}:${observedOn}`;
    if (this.seenMemberships.has(key)) return;
    this.seenMemberships.add(key);
    this.context.emit(
      {
        kind: 'membership',
        childCode,
        parentKind,
        parentCode,
        observedOn,
        asOf: dates.asOf ?? observedOn,
        endedOn: dates.endedOn ?? null,
      },
      dates.line,
    );
  }
}

export function organisationRecord(
  kind: OrganisationKind,
  facts: OrganisationFacts,
  asOf: IsoDate | null,
): OrganisationRecord {
  return {
    kind: 'organisation',
    code: facts.code,
    organisationKind: kind,
    asOf,
    name: facts.name ?? null,
    onsCode: facts.onsCode ?? null,
    postcode: facts.postcode ?? null,
    openDate: null,
    closeDate: null,
    status: null,
    contractType: null,
    rurality: null,
  };
}

/** PCN code `U` alone means "no PCN". */
export function isAssignedPcn(code: string | null): code is string {
  return code !== null && code !== '' && code.toUpperCase() !== 'U';
}

/**
 * NHS England's regions as ODS codes them: the four of 2013–2018 (Y54 North of England, Y55
 * Midlands and East, Y56 London, Y57 South of England) and the seven since (Y56, Y58–Y63).
 * Older files also carry area teams (Q + two digits, e.g. Q74) and the strategic health authority
 * clusters of 2013 (Y01–Y12): neither is a region Fairview keeps.
 */
export function isNhsEnglandRegion(code: string): boolean {
  return /^Y(5[4-9]|6[0-3])$/.test(code);
}

/**
 * An ICB code (Q + two letters or a letter and a digit, e.g. QHM, QE1), or the STP that preceded
 * it under the same code. NHS England's area teams and local offices (Q + two digits, e.g. Q74),
 * which older epraccur files hold in the same field, are not.
 */
export function isIcbCode(code: string): boolean {
  return /^Q[A-Z0-9]{2}$/.test(code) && !/^Q\d\d$/.test(code);
}
