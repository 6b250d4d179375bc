/**
 * Reading the demo's outbox: the .eml files `outboxMailer` writes (mailer.ts), newest first, with
 * their headers decoded, so an administrator can see on a page the e-mails Fairview sent. Only file
 * names this mailer makes are read, so a request can never name another file.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface OutboxMessage {
  name: string;
  to: string;
  subject: string;
  date: string;
  body: string;
}

const NAME = /^[0-9TZ-]+-[0-9a-f]{8}\.eml$/;

/** The outbox folder in use, or null when mail goes to an SMTP server. */
export function outboxFolder(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.FAIRVIEW_SMTP_URL) return null;
  return env.FAIRVIEW_OUTBOX_DIR ?? join(env.FAIRVIEW_DATA_DIR ?? './data', 'outbox');
}

function decodeHeader(value: string): string {
  return value.replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=/gi, (_, b64: string) =>
    Buffer.from(b64, 'base64').toString('utf8'),
  );
}

export function parseMessage(name: string, text: string): OutboxMessage {
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split + 4).replace(/\r\n/g, '\n');
  const header = (key: string) => {
    const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${key.toLowerCase()}:`));
    return line ? decodeHeader(line.slice(key.length + 1).trim()) : '';
  };
  return {
    name,
    to: header('To').replace(/^<|>$/g, ''),
    subject: header('Subject'),
    date: header('Date'),
    body,
  };
}

export async function listOutbox(folder: string, limit = 200): Promise<OutboxMessage[]> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => NAME.test(n));
  } catch {
    return [];
  }
  names.sort().reverse();
  return Promise.all(
    names.slice(0, limit).map(async (n) => parseMessage(n, await readFile(join(folder, n), 'utf8'))),
  );
}

export async function readOutboxMessage(folder: string, name: string): Promise<OutboxMessage | null> {
  if (!NAME.test(name)) return null;
  try {
    return parseMessage(name, await readFile(join(folder, name), 'utf8'));
  } catch {
    return null;
  }
}
