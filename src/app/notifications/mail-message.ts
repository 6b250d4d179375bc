// One notification as an RFC 5322 message (plain text, UTF-8, quoted-printable-free: 8bit body with
// CRLF line ends and dot-stuffing left to the transport).
import { randomBytes } from 'node:crypto';

export interface OutgoingMail {
  to: string;
  subject: string;
  body: string;
  /** An absolute or site-relative link to the thing the mail is about. */
  link: string | null;
  /** When it was sent (the use case's clock): the Date header. */
  date: Date;
}

export const MAIL_FROM = process.env.FAIRVIEW_MAIL_FROM ?? 'fairview@localhost';

/** Encodes a header value as an RFC 2047 word when it is not plain ASCII. */
function headerText(value: string): string {
  const oneLine = value.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(oneLine) ? oneLine : `=?UTF-8?B?${Buffer.from(oneLine).toString('base64')}?=`;
}

export function formatMail(mail: OutgoingMail): string {
  const text = mail.link ? `${mail.body}\n\n${mail.link}\n` : `${mail.body}\n`;
  const headers = [
    `From: Fairview <${MAIL_FROM}>`,
    `To: <${mail.to.replace(/[\r\n<>]/g, '')}>`,
    `Subject: ${headerText(mail.subject)}`,
    `Date: ${mail.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomBytes(12).toString('hex')}@fairview>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${text.replace(/\r?\n/g, '\r\n')}`;
}
