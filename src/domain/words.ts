/**
 * A label ("GMS/PMS contract management", "Practice manager") as it reads inside a sentence: the first
 * letter lower-cased unless the first word is an abbreviation, and nothing else touched, so "GMS/PMS",
 * "QOF" and "NHS England" keep their capitals ("gms/pms" was issue 17's complaint).
 */
export function inSentence(label: string): string {
  if (/^[A-Z][A-Z0-9]/.test(label)) return label;
  return label.charAt(0).toLowerCase() + label.slice(1);
}
