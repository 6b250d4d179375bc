// Where notification e-mails go: a real SMTP server when FAIRVIEW_SMTP_URL is set (smtp:// or smtps://,
// optional user:password for AUTH PLAIN), otherwise .eml files in an outbox folder under the data
// folder, which is what the demo and the tests use.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatMail, type OutgoingMail } from './mail-message.ts';
import { sendSmtp } from './smtp-client.ts';

export interface Mailer {
  readonly describe: string;
  send(mail: OutgoingMail): Promise<void>;
}

export function outboxMailer(folder: string): Mailer {
  return {
    describe: `outbox ${folder}`,
    async send(mail) {
      await mkdir(folder, { recursive: true });
      const name = `${mail.date.toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      await writeFile(join(folder, name), formatMail(mail), 'utf8');
    },
  };
}

export function smtpMailer(url: string): Mailer {
  const parsed = new URL(url);
  return {
    describe: `smtp ${parsed.hostname}:${parsed.port}`,
    send: (mail) => sendSmtp(parsed, mail),
  };
}

/** FAIRVIEW_SMTP_URL, else FAIRVIEW_OUTBOX_DIR, else <FAIRVIEW_DATA_DIR or ./data>/outbox. */
export function mailerFromEnvironment(env: NodeJS.ProcessEnv = process.env): Mailer {
  if (env.FAIRVIEW_SMTP_URL) return smtpMailer(env.FAIRVIEW_SMTP_URL);
  return outboxMailer(env.FAIRVIEW_OUTBOX_DIR ?? join(env.FAIRVIEW_DATA_DIR ?? './data', 'outbox'));
}
