// The facts an importer reads from a published file, one record type per store table
// (src/store/schema.ts). Field names are the table's columns in camelCase
// (practiceCode ↔ practice_code); `batch_id` is added by the import use case, never by a reader.
// Dates are ISO `YYYY-MM-DD` strings: a published extract date is a calendar day, not an instant.
// Missing numbers are `null`.

/** A calendar date as `YYYY-MM-DD`. */
export type IsoDate = string;

export type OrganisationKind = 'country' | 'region' | 'icb' | 'sub_icb' | 'pcn' | 'practice';
export type OrganisationStatus = 'active' | 'closed' | 'dormant' | 'proposed';
export type Sex = 'male' | 'female';

/**
 * One organisation as one file describes it → table `organisation_observation`, from which
 * `organisation` is resolved: for each field, the value of the file with the latest `asOf` that
 * states it (src/app/import/newest-wins.ts). A `null` field means "this file does not say", not
 * "empty": a file that knows only the contract type must not erase the postcode another file gave.
 */
export interface OrganisationRecord {
  kind: 'organisation';
  code: string;
  organisationKind: OrganisationKind;
  /** The date the file describes (its extract date); null when it has none. */
  asOf: IsoDate | null;
  name: string | null;
  onsCode: string | null;
  postcode: string | null;
  openDate: IsoDate | null;
  closeDate: IsoDate | null;
  status: OrganisationStatus | null;
  contractType: string | null;
  rurality: string | null;
}

/**
 * "On `observedOn`, `childCode` belonged to `parentCode` (of kind `parentKind`)" → table
 * `organisation_membership`. One observation per extract; validity periods are derived later
 * (src/domain/membership.ts).
 */
export interface MembershipRecord {
  kind: 'membership';
  childCode: string;
  parentKind: OrganisationKind;
  parentCode: string;
  observedOn: IsoDate;
  /** The extract date of the file (usually observedOn; later for a join date the file reports). */
  asOf: IsoDate;
  /** The last day the membership held, when the file says so (ODS leave or close dates). */
  endedOn: IsoDate | null;
}

/** A practice's registered list on an extract date → table `list_size`. */
export interface ListSizeRecord {
  kind: 'list_size';
  practiceCode: string;
  extractDate: IsoDate;
  patients: number;
}

/**
 * Registered patients by sex and age band → table `population`. Bands are `0-4`, `5-9` … `90-94`,
 * `95+` (monthly quinary file) or the legacy quarterly `0-4`, `5-14`, `15-24` … `65-74`, `75+`.
 */
export interface PopulationRecord {
  kind: 'population';
  practiceCode: string;
  extractDate: IsoDate;
  sex: Sex;
  ageBand: string;
  patients: number;
}

/** A QOF disease register and the list it is measured against → table `qof_prevalence`. */
export interface QofPrevalenceRecord {
  kind: 'qof_prevalence';
  practiceCode: string;
  /** `2016-17` */
  qofYear: string;
  groupCode: string;
  register: number;
  /** `TOTAL`, `06OV`, `17OV`, `18OV`, `50OV`, `16OV`, `30_74` … */
  patientListType: string;
  patientListSize: number;
}

/** A QOF indicator's definition in one year → table `qof_indicator`. */
export interface QofIndicatorRecord {
  kind: 'qof_indicator';
  qofYear: string;
  indicatorCode: string;
  /** Only the 2018-19 file carries the indicator wording. */
  description: string | null;
  groupCode: string | null;
  /** The register's name, e.g. `Atrial fibrillation` (not in the outline: the store may keep it). */
  groupDescription: string | null;
  /** Domain code: `CL`, `PH`, `PHAS`, `PHVI`, `QI` … */
  domain: string | null;
  points: number | null;
  lowerThreshold: number | null;
  upperThreshold: number | null;
  patientListType: string | null;
}

/** The measures of the QOF achievement files' long format. */
export type QofAchievementMeasure =
  | 'REGISTER'
  | 'NEWLY_DIAGNOSED'
  | 'NUMERATOR'
  | 'DENOMINATOR'
  | 'PCAS'
  | 'ACHIEVED_POINTS';

/**
 * One published value of a practice's QOF achievement (ACHIEVEMENT_<REGION>_<yyzz>.csv) → table
 * `qof_achievement`. DENOMINATOR is already net of PCAS (personalised care adjustments).
 */
export interface QofAchievementRecord {
  kind: 'qof_achievement';
  practiceCode: string;
  /** `2023-24` */
  qofYear: string;
  indicatorCode: string;
  measure: QofAchievementMeasure;
  /** A count for every measure but ACHIEVED_POINTS (points, up to 2 dp). */
  value: number;
}

/**
 * A practice's QOF points in one year → table `qof_practice`: the revised maximum from
 * ORGANISATION_REFERENCE, or the achieved and available points (and the QOF list size) from the
 * practice summary tables. Null = not in this file; files merge column by column.
 */
export interface QofPracticeRecord {
  kind: 'qof_practice';
  practiceCode: string;
  qofYear: string;
  revisedMaxPoints: number | null;
  achievedPoints: number | null;
  maxPointsAvailable: number | null;
  listSize: number | null;
}

/** One value of a Fingertips indicator for one area and period → table `indicator_value`. */
export interface IndicatorValueRecord {
  kind: 'indicator_value';
  indicatorId: number;
  indicatorName: string;
  areaCode: string;
  /** As published: `GPs`, `England`, `ICB sub-locations`, `CCG` … */
  areaType: string;
  sex: string;
  age: string;
  categoryType: string;
  category: string;
  /** As published: `2019`, `2022/23`, `2023 Q2` … */
  timePeriod: string;
  value: number | null;
  lower95: number | null;
  upper95: number | null;
  lower99_8: number | null;
  upper99_8: number | null;
  count: number | null;
  denominator: number | null;
  valueNote: string | null;
}

/** A practice's population-weighted IMD score → table `imd_score`. */
export interface ImdScoreRecord {
  kind: 'imd_score';
  practiceCode: string;
  /** The IMD edition: 2010, 2015, 2019, 2025. */
  imdYear: number;
  score: number;
}

/** One published payment column for one practice in one financial year → table `payment`. */
export interface PaymentRecord {
  kind: 'payment';
  practiceCode: string;
  /** `2022-23` */
  financialYear: string;
  /** The published column name, e.g. `Global Sum`. */
  line: string;
  /** Pounds; negative for deductions and recoveries. */
  amount: number;
}

/**
 * A registered or weighted list a payments file publishes for a practice ("Number of Registered /
 * Weighted Patients (Last Known Figure)") → table `practice_list_figure`.
 */
export interface ListFigureRecord {
  kind: 'list_figure';
  practiceCode: string;
  /** The first day of the quarter the figure describes. */
  extractDate: IsoDate;
  measure: 'registered' | 'weighted';
  patients: number;
  /** In words: the file's year and the published column. */
  label: string;
}

/** Everything a reader can yield. Switch on `kind`. */
export type FactRecord =
  | OrganisationRecord
  | MembershipRecord
  | ListSizeRecord
  | PopulationRecord
  | QofPrevalenceRecord
  | QofIndicatorRecord
  | QofAchievementRecord
  | QofPracticeRecord
  | IndicatorValueRecord
  | ImdScoreRecord
  | PaymentRecord
  | ListFigureRecord;

export type FactKind = FactRecord['kind'];

/** Identifiers of the formats Fairview reads; stored in `import_batch.format`. */
export type FormatId =
  | 'ods-epraccur'
  | 'gp-reg-quinary-age'
  | 'gp-reg-practice-map'
  | 'gp-reg-legacy-quarterly'
  | 'gp-reg-single-age'
  | 'ods-epcmem'
  | 'qof-prevalence'
  | 'qof-indicator-mappings'
  | 'qof-organisation-reference'
  | 'qof-max-points'
  | 'qof-nhs-geographies'
  | 'qof-achievement'
  | 'qof-practice-points'
  | 'fingertips-indicator-export'
  | 'fingertips-api-extract'
  | 'imd-by-practice'
  | 'nhs-payments'
  | 'epd'
  | 'pdpi';

/** How a format is recognised from the start of the file. */
export type FormatDetection =
  | {
      by: 'header';
      /** Every required column, each with the names it has had over the years (matched case-insensitively). */
      requiredColumns: readonly (readonly string[])[];
    }
  | {
      by: 'shape';
      /** Headerless files: the number of fields and what the first field looks like. */
      fieldCount: number;
      description: string;
    };

/** Where the period of an import (`import_batch.period`) comes from. */
export interface PeriodSource {
  from: 'column' | 'file-name' | 'content' | 'option';
  description: string;
}

/** A file format Fairview can import. */
export interface ImportFormat {
  id: FormatId;
  name: string;
  publisher: string;
  detection: FormatDetection;
  period: PeriodSource;
  yields: readonly FactKind[];
}
