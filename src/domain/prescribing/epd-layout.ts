// The English Prescribing Dataset's current layout (NHSBSA, ../shared/spec/data-formats.md §d), as the
// SYNTHETIC writers produce it: the demo's months (synthetic-epd.ts) and the benchmark's national
// month (scripts/generate-epd.ts). The readers do not use this: they match columns by name.

/** The 26-column header of the ICB-era EPD files. */
export const EPD_HEADER =
  'YEAR_MONTH,REGIONAL_OFFICE_NAME,REGIONAL_OFFICE_CODE,ICB_NAME,ICB_CODE,PCO_NAME,PCO_CODE,PRACTICE_NAME,PRACTICE_CODE,ADDRESS_1,ADDRESS_2,ADDRESS_3,ADDRESS_4,POSTCODE,BNF_CHEMICAL_SUBSTANCE,CHEMICAL_SUBSTANCE_BNF_DESCR,BNF_CODE,BNF_DESCRIPTION,BNF_CHAPTER_PLUS_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,ADQUSAGE,NIC,ACTUAL_COST,UNIDENTIFIED';

/** BNF_CHAPTER_PLUS_CODE as the files write it, by the code's first two characters. */
const CHAPTERS: Record<string, string> = {
  '01': '01: Gastro-Intestinal System',
  '02': '02: Cardiovascular System',
  '03': '03: Respiratory System',
  '04': '04: Central Nervous System',
  '05': '05: Infections',
  '06': '06: Endocrine System',
  '07': '07: Obstetrics, Gynaecology and Urinary-Tract Disorders',
  '08': '08: Malignant Disease and Immunosuppression',
  '09': '09: Nutrition and Blood',
  '10': '10: Musculoskeletal and Joint Diseases',
  '11': '11: Eye',
  '12': '12: Ear, Nose and Oropharynx',
  '13': '13: Skin',
  '14': '14: Immunological Products and Vaccines',
  '15': '15: Anaesthesia',
};

/** The chapter column for a BNF code (unquoted: write it with `csvField`). */
export function epdChapter(bnfCode: string): string {
  const chapter = bnfCode.slice(0, 2);
  return CHAPTERS[chapter] ?? `${chapter}: Other`;
}

/** A CSV field, quoted when it holds a comma or a quote. */
export function csvField(text: string): string {
  return /[",]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
