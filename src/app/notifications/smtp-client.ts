// A minimal SMTP client on node:net / node:tls (no package): EHLO, optional AUTH PLAIN, MAIL FROM,
// RCPT TO, DATA, QUIT. smtps:// connects with TLS from the start; smtp:// is plain (a local relay).
import net from 'node:net';
import tls from 'node:tls';
import { formatMail, MAIL_FROM, type OutgoingMail } from './mail-message.ts';

const TIMEOUT_MS = 15_000;

export class SmtpError extends Error {}

export async function sendSmtp(url: URL, mail: OutgoingMail): Promise<void> {
  const secure = url.protocol === 'smtps:';
  const port = Number(url.port || (secure ? 465 : 25));
  const socket = secure
    ? tls.connect({ host: url.hostname, port, servername: url.hostname })
    : net.connect({ host: url.hostname, port });
  socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new SmtpError('SMTP server timed out')));
  const replies = replyReader(socket);
  try {
    await expect(replies, 220);
    await command(socket, replies, 'EHLO fairview', 250);
    if (url.username) {
      const plain = Buffer.from(
        `\0${decodeURIComponent(url.username)}\0${decodeURIComponent(url.password)}`,
      ).toString('base64');
      await command(socket, replies, `AUTH PLAIN ${plain}`, 235);
    }
    await command(socket, replies, `MAIL FROM:<${MAIL_FROM}>`, 250);
    await command(socket, replies, `RCPT TO:<${mail.to.replace(/[\r\n<>]/g, '')}>`, 250);
    await command(socket, replies, 'DATA', 354);
    // Dot-stuffing: a line starting with "." gets another one, so it cannot end the message.
    const data = formatMail(mail).replace(/^\./gm, '..');
    await command(socket, replies, `${data}\r\n.`, 250);
    await command(socket, replies, 'QUIT', 221);
  } finally {
    socket.end();
  }
}

type Replies = () => Promise<{ code: number; text: string }>;

/** Reads whole replies (multi-line "250-…" continued until "250 …"). */
function replyReader(socket: net.Socket): Replies {
  let buffer = '';
  const waiting: Array<(line: string | Error) => void> = [];
  const lines: string[] = [];
  let failure: Error | null = null;
  const push = (line: string | Error) => {
    const w = waiting.shift();
    if (w) w(line);
    else if (typeof line === 'string') lines.push(line);
    else failure = line;
  };
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let at = buffer.indexOf('\r\n');
    while (at >= 0) {
      push(buffer.slice(0, at));
      buffer = buffer.slice(at + 2);
      at = buffer.indexOf('\r\n');
    }
  });
  socket.on('error', (e) => push(e));
  socket.on('close', () => push(new SmtpError('SMTP connection closed')));
  const nextLine = (): Promise<string> => {
    const line = lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) =>
      waiting.push((l) => (typeof l === 'string' ? resolve(l) : reject(l))),
    );
  };
  return async () => {
    let text = '';
    for (;;) {
      const line = await nextLine();
      text += `${line.slice(4)}\n`;
      if (line.charAt(3) !== '-') return { code: Number(line.slice(0, 3)), text };
    }
  };
}

async function expect(replies: Replies, code: number): Promise<void> {
  const reply = await replies();
  if (reply.code !== code)
    throw new SmtpError(`SMTP: expected ${code}, got ${reply.code} ${reply.text.trim()}`);
}

async function command(socket: net.Socket, replies: Replies, line: string, code: number): Promise<void> {
  socket.write(`${line}\r\n`);
  await expect(replies, code);
}
