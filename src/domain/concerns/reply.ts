/**
 * The practice's right of reply: structured so peer reviewers read the same headings every time, and
 * attachments checked before they are stored (small files, document and image types only).
 */

export interface ReplyInput {
  /** Population and demographics: what about the list explains the figure. */
  populationContext: string;
  /** Data quality: coding, extraction or list problems behind the figure. */
  dataQuality: string;
  /** What the practice has already done about it. */
  actionsTaken: string;
}

export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_REPLY = 5;

export const ALLOWED_ATTACHMENT_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'text/plain': 'Text',
  'text/csv': 'CSV',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook',
};

export interface AttachmentInput {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

export function replyProblem(r: ReplyInput): { field: string; message: string } | null {
  if ([r.populationContext, r.dataQuality, r.actionsTaken].every((t) => t.trim() === '')) {
    return {
      field: 'population_context',
      message: 'Write at least one part of the reply: population, data quality or actions taken',
    };
  }
  return null;
}

/** Magic numbers for the binary types: a declared type must match the bytes. */
function bytesMatch(type: string, b: Uint8Array): boolean {
  const starts = (...sig: number[]) => sig.every((v, i) => b[i] === v);
  switch (type) {
    case 'application/pdf':
      return starts(0x25, 0x50, 0x44, 0x46);
    case 'image/png':
      return starts(0x89, 0x50, 0x4e, 0x47);
    case 'image/jpeg':
      return starts(0xff, 0xd8, 0xff);
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
    case 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':
      return starts(0x50, 0x4b, 0x03, 0x04);
    default:
      // Text: no NUL bytes.
      return !b.includes(0);
  }
}

export function attachmentProblem(a: AttachmentInput): string | null {
  const type = a.contentType.split(';')[0]!.trim().toLowerCase();
  if (!(type in ALLOWED_ATTACHMENT_TYPES)) {
    return `${a.fileName} is not a file type Fairview accepts (PDF, text, CSV, PNG, JPEG, Word or Excel)`;
  }
  if (a.bytes.length === 0) return `${a.fileName} is empty`;
  if (a.bytes.length > MAX_ATTACHMENT_BYTES) return `${a.fileName} is larger than 2 MB`;
  if (!bytesMatch(type, a.bytes)) return `${a.fileName} does not contain what its type says`;
  return null;
}
