/**
 * Where a version of an agreement stands: how many member practices signed, vetoed or have not yet
 * responded, per sub-ICB location and in all.
 */
export type ResponseDecision = 'signed' | 'vetoed';

export interface MemberPractice {
  practiceCode: string;
  /** The sub-ICB location the practice belonged to when the version was issued (null if unknown). */
  subIcbCode: string | null;
}

export interface ResponseTally {
  members: number;
  signed: number;
  vetoed: number;
  notResponded: number;
  /** Whole percent of members who signed; null when there are no members. */
  signedPercent: number | null;
}

export interface SubIcbTally extends ResponseTally {
  subIcbCode: string | null;
}

export interface AgreementStatus {
  total: ResponseTally;
  bySubIcb: SubIcbTally[];
}

/**
 * Whole percent, rounded, but never 100 until every member has signed nor 0 once one has: a
 * dashboard that says 100% while a practice is still out would mislead.
 */
export function wholePercent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  const p = Math.round((part / whole) * 100);
  if (p === 100 && part < whole) return 99;
  if (p === 0 && part > 0) return 1;
  return p;
}

function tally(
  members: readonly MemberPractice[],
  decisions: ReadonlyMap<string, ResponseDecision>,
): ResponseTally {
  let signed = 0;
  let vetoed = 0;
  for (const m of members) {
    const d = decisions.get(m.practiceCode);
    if (d === 'signed') signed++;
    else if (d === 'vetoed') vetoed++;
  }
  return {
    members: members.length,
    signed,
    vetoed,
    notResponded: members.length - signed - vetoed,
    signedPercent: wholePercent(signed, members.length),
  };
}

/** Responses from practices that are not members of the version are ignored. */
export function summariseResponses(
  members: readonly MemberPractice[],
  responses: readonly { practiceCode: string; decision: ResponseDecision }[],
): AgreementStatus {
  const decisions = new Map(responses.map((r) => [r.practiceCode, r.decision]));
  const groups = new Map<string | null, MemberPractice[]>();
  for (const m of members) {
    const list = groups.get(m.subIcbCode) ?? [];
    list.push(m);
    groups.set(m.subIcbCode, list);
  }
  return {
    total: tally(members, decisions),
    bySubIcb: [...groups.entries()]
      .map(([subIcbCode, list]) => ({ subIcbCode, ...tally(list, decisions) }))
      .sort((a, b) => (a.subIcbCode ?? '~').localeCompare(b.subIcbCode ?? '~')),
  };
}

/** "1,391 of 1,528 practices signed, 91%". */
export function signedLine(t: ResponseTally): string {
  const n = (x: number): string => x.toLocaleString('en-GB');
  const noun = t.members === 1 ? 'practice' : 'practices';
  if (t.signedPercent === null) return 'No member practices';
  return `${n(t.signed)} of ${n(t.members)} ${noun} signed, ${t.signedPercent}%`;
}
