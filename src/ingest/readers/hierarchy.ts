// Shared by the files that describe the organisation tree (practice → PCN → sub-ICB → ICB →
// region): each organisation is emitted once per file, each membership once per child and
// parent kind (the first one seen wins: the store keys memberships by child, kind and date).

import type { IsoDate, OrganisationKind, OrganisationRecord } from '../../domain/records.ts';
import type { ReaderContext } from '../reader.ts';

export interface OrganisationFacts {
  code: string;
  name?: string | null;
  onsCode?: string | null;
  postcode?: string | null;
}

export class HierarchyEmitter {
  private readonly seenOrganisations = new Set<string>();
  private readonly seenMemberships = new Set<string>();

  constructor(private readonly context: ReaderContext) {}

  organisation(kind: OrganisationKind, facts: OrganisationFacts): void {
    const key = `${kind}:${facts.code}`;
    if (this.seenOrganisations.has(key)) return;
    this.seenOrganisations.add(key);
    this.context.emit(organisationRecord(kind, facts));
  }

  membership(childCode: string, parentKind: OrganisationKind, parentCode: string, observedOn: IsoDate): void {
    const key = `${childCode}:${parentKind}:${observedOn}`;
    if (this.seenMemberships.has(key)) return;
    this.seenMemberships.add(key);
    this.context.emit({ kind: 'membership', childCode, parentKind, parentCode, observedOn });
  }
}

export function organisationRecord(kind: OrganisationKind, facts: OrganisationFacts): OrganisationRecord {
  return {
    kind: 'organisation',
    code: facts.code,
    organisationKind: kind,
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
