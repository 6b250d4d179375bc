// Windows-1252 text, which some published files are (or once were): decoding it, and repairing UTF-8
// text that was read as ISO-8859-1 on its way. csv-scanner.ts decodes fields with these.

// Node's TextDecoder treats `windows-1252` as ISO-8859-1, so 0x80–0x9F (curly quotes, dashes, €)
// are mapped here.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Some published files are Windows-1252 text that was once read as ISO-8859-1 and saved as UTF-8, so a
 * dash arrives as U+0096 (bytes C2 96), e.g. QOF's "Cardiovascular disease – primary prevention".
 * C1 control characters are never meant in NHS text, so each is read as the Windows-1252 character
 * its byte stands for.
 */
export function repairC1(text: string): string {
  return /[\u0080-\u009f]/.test(text)
    ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!)
    : text;
}

export function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return text;
}
