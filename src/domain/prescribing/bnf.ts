// The BNF code and what it says about itself. A presentation code has 15 characters:
//   chapter (2) · section (2) · paragraph (2) · sub-paragraph (1) · chemical substance (2)
//   → the first 9 are the chemical; then product (2: `AA` generic, `B?` a brand), strength or
//   formulation (2) and the generic equivalent (2). `0703021Q0AAAAAA` is generic desogestrel,
//   `0703021Q0BBAAAA` is Cerazette. Chapters 20–23 are dressings and appliances.
// Source: NHSBSA, "BNF code information" (the structure of the code, as the EPD data dictionary
// describes it); ../shared/spec/data-formats.md §d.

export interface BnfParts {
  chemical: string;
  paragraph: string;
  section: string;
  chapter: string;
}

const BNF_CODE = /^[0-9]{2}[0-9A-Z]{7,13}$/;

/** A code of 9 to 15 characters: two digits (the chapter) then letters and digits. */
export function isBnfCode(code: string): boolean {
  return BNF_CODE.test(code);
}

export function bnfParts(code: string): BnfParts {
  return {
    chemical: code.slice(0, 9),
    paragraph: code.slice(0, 6),
    section: code.slice(0, 4),
    chapter: code.slice(0, 2),
  };
}

/** `04: Central Nervous System` → `Central Nervous System`; null when blank. */
export function chapterName(chapterPlusCode: string | null): string | null {
  if (chapterPlusCode === null) return null;
  const name = chapterPlusCode.replace(/^\s*\d{1,2}\s*:\s*/, '').trim();
  return name === '' ? null : name;
}

/** Is this a generic presentation (product `AA`)? */
export function isGeneric(code: string): boolean {
  return code.length === 15 && code.slice(9, 11) === 'AA';
}
