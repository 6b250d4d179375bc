// What a calculation is given: counts per practice and indicator for one period (from a release or
// from imported QOF achievement files, src/app/schemes/inputs.ts), registers for prevalence, list
// sizes, and for local schemes baselines, peer groups and participation; for the quality premium,
// the commissioner's measures, gateways and standards. Missing numbers are null.

/** One indicator's counts for one practice. */
export interface IndicatorCounts {
  numerator: number | null;
  /**
   * Patients the achievement is measured on, AFTER exceptions / personalised care adjustments were
   * removed (as QOF publishes DENOMINATOR). Eligible patients before exceptions = denominator +
   * exceptions.
   */
  denominator: number | null;
  /** Exceptions / PCAs removed from the denominator; null when the source does not say. */
  exceptions: number | null;
  /** The register count, for register indicators. */
  register: number | null;
  /** Points declared or published as achieved (QOF's ACHIEVED_POINTS), for declared indicators. */
  achievedPoints: number | null;
}

/** A disease register and the list it is measured against (QOF prevalence). */
export interface RegisterCount {
  register: number;
  listSize: number;
}

/** A practice's part in a local scheme: consent is voluntary and recorded; joiners are paid pro rata. */
export interface Participation {
  /** Date consent was recorded; null means no consent (no payment). */
  consentedOn: string | null;
  /** First day in the scheme (null: from the scheme's start). */
  joinedOn: string | null;
  /** Last day in the scheme (null: to the scheme's end). */
  leftOn: string | null;
}

export interface PracticeInput {
  practiceCode: string;
  /** Registered patients (QOF: the list the Contractor Population Index divides). */
  listSize: number | null;
  /** By register group code (`AF`, `DM` …). */
  registers: Record<string, RegisterCount>;
  /** By indicator code. */
  indicators: Record<string, IndicatorCounts>;
  /** Local schemes: the same counts in the baseline period, by indicator code. */
  baseline: Record<string, IndicatorCounts>;
  /** Local schemes: the practice's peer group (practice codes). */
  peers: string[];
  /** Local schemes: consent and dates; null = not participating. */
  participation: Participation | null;
  /**
   * Where the list size came from, in words (the extract and its date), or why there is none as of
   * the period's end; written on the statement's total line. Absent for hand-made inputs.
   */
  listSource?: string;
}

export interface CommissionerMeasureValue {
  value: number | null;
  baseline: number | null;
}

export interface CommissionerInput {
  /** The sub-ICB location or ICB the premium is paid to. */
  commissionerCode: string;
  registeredPatients: number | null;
  /**
   * Where `registeredPatients` came from, in words: the list's date and extract (or, for a figure
   * given in an inputs file, that it was given and what Fairview's lists of the date say beside it).
   * Written on every statement line that uses the list; absent, the line says the list is untraced.
   */
  listSource?: string;
  /** By measure code. */
  measures: Record<string, CommissionerMeasureValue>;
  /** By gateway code: true = passed; a missing gateway counts as not assessed, so it fails. */
  gateways: Record<string, boolean>;
  /** By reduction (standard) code: true = standard met; a missing standard counts as missed. */
  standards: Record<string, boolean>;
}

export interface SchemeInputs {
  /** The period the counts are for, e.g. `2023-24`. */
  period: string;
  /** Where the counts came from, in words (a release name, the imported achievement files …). */
  source: string;
  practices: PracticeInput[];
  commissioners: CommissionerInput[];
  /**
   * The organisation and date the practices were taken as of (src/domain/population/as-of.ts), and
   * the practices left out with the reason (closed, dormant, moved …). Absent for hand-made inputs.
   */
  asOf?: { organisationCode: string | null; date: string; leftOut: { code: string; reason: string }[] };
}

export function emptyCounts(): IndicatorCounts {
  return { numerator: null, denominator: null, exceptions: null, register: null, achievedPoints: null };
}

export function practiceInput(practiceCode: string, listSize: number | null): PracticeInput {
  return {
    practiceCode,
    listSize,
    registers: {},
    indicators: {},
    baseline: {},
    peers: [],
    participation: null,
  };
}
