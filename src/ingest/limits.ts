// The caps every import is held to, in one table so the tests, the docs and the readers agree.
// They exist because an import file is input from outside: a 204 KB .csv.gz can hold one 200 MB
// line, and a number such as `0x10` or `1e23` must not reach the database as 16 or 10^23.
//
// Each cap is far above anything in the real publications (measured on ../shared/data/nhs: the
// longest row is 2.4 KB and the widest 75 fields — NHS Payments 2022-23 —, the longest field
// 419 bytes — a QOF indicator's wording —, the largest practice list 118,653, compression ratios
// of the bundled .gz copies at most 16:1), so no real file comes near one.

export const LIMITS = {
  /** A row (one record, quoted newlines included) longer than this is refused as soon as it is seen. */
  maxRowBytes: 1024 * 1024,
  /** Fields in one row. */
  maxFieldsPerRow: 2048,
  /** One field's bytes: keeps every stored text far below PostgreSQL's 2,704-byte index entries. */
  maxFieldBytes: 4096,
  /** Uncompressed bytes of one .gz or one zip entry (an English Prescribing Dataset month is ~6 GB). */
  maxDecompressedBytes: 16 * 1024 ** 3,
  /** Uncompressed ÷ compressed bytes, checked once this much has been inflated … */
  ratioCheckAfterBytes: 16 * 1024 * 1024,
  /** … and refused above this (real NHS files compress 4–16:1; a bomb 1,000:1). */
  maxCompressionRatio: 200,
} as const;

/** What a column's numbers may plausibly be; readers name the range for each column they read. */
export interface NumberRange {
  min: number;
  max: number;
  /** Decimal places allowed (0 = whole numbers). */
  decimals: number;
  /** Words for the error message: "a list size", "QOF points" … */
  what: string;
}

/**
 * Plausible values by kind of column. A registered list of more than a million patients, a year
 * outside 1990–2099 or points with more than two decimals are not data but a damaged file.
 */
export const RANGES = {
  /** A practice's registered patients, in total or in one age band. */
  patients: { min: 0, max: 1_000_000, decimals: 0, what: 'a number of patients (at most 1,000,000)' },
  /** A QOF register, numerator, denominator or PCA count for one practice. */
  qofCount: { min: 0, max: 1_000_000, decimals: 0, what: 'a count of patients (at most 1,000,000)' },
  /** QOF points (an indicator's value, or a practice's achievement). */
  qofPoints: { min: 0, max: 1000, decimals: 2, what: 'QOF points (0 to 1,000, at most 2 decimals)' },
  /** An indicator's point value in the QOF mappings: whole points. */
  qofIndicatorPoints: { min: 0, max: 1000, decimals: 0, what: 'whole QOF points (0 to 1,000)' },
  /** A year: an IMD edition, a Fingertips year. */
  year: { min: 1990, max: 2099, decimals: 0, what: 'a year between 1990 and 2099' },
  /** A Fingertips indicator id. */
  indicatorId: { min: 1, max: 9_999_999, decimals: 0, what: 'a Fingertips indicator id' },
  /** A Fingertips count or denominator (England rows reach tens of millions; some are fractional). */
  fingertipsCount: { min: 0, max: 1e10, decimals: 30, what: 'a count (at most 10,000,000,000)' },
  /** Any published value, limit or score. */
  value: { min: -1e12, max: 1e12, decimals: 30, what: 'a number between -10^12 and 10^12' },
  /** Pounds in one payment line (the largest real line is ~£20 million). */
  pounds: { min: -1e9, max: 1e9, decimals: 2, what: 'an amount in pounds (at most £1,000,000,000)' },
} as const satisfies Record<string, NumberRange>;

/** Dates before this or after the next are refused as implausible (the NHS began in 1948). */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2099-12-31';
