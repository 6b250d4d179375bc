// E-mail over SMTP with only node:net: a tiny SMTP server on 127.0.0.1 (started by this test) receives
// the message, dot-stuffing and AUTH PLAIN included; and the outbox folder used by the demo.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { mailerFromEnvironment, outboxMailer, smtpMailer } from '../../src/app/notifications/mailer.ts';

interface Received {
  commands: string[];
  data: string;
}

function tinySmtpServer(): Promise<{ port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = net.createServer((socket) => {
    const session: Received = { commands: [], data: '' };
    let inData = false;
    let buffer = '';
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (let at = buffer.indexOf('\r\n'); at >= 0; at = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            received.push(session);
            socket.write('250 queued\r\n');
          } else session.data += `${line.startsWith('..') ? line.slice(1) : line}\n`;
          continue;
        }
        session.commands.push(line);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-test\r\n250 AUTH PLAIN\r\n');
        else if (verb === 'AUTH') socket.write('235 ok\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({ port, received, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

describe('notification e-mail', () => {
  let smtp: Awaited<ReturnType<typeof tinySmtpServer>>;
  let folder: string;
  before(async () => {
    smtp = await tinySmtpServer();
    folder = await mkdtemp(join(tmpdir(), 'fairview-outbox-'));
  });
  after(async () => {
    await smtp.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('is delivered to an SMTP server with AUTH PLAIN, and a line starting with a dot survives', async () => {
    const mailer = smtpMailer(`smtp://fv%40user:s3cret@127.0.0.1:${smtp.port}`);
    await mailer.send({
      to: 'pm@example.nhs.uk',
      subject: 'Data query answered',
      body: 'First line\n.hidden?\nLast',
      link: '/releases/r1/queries',
      date: new Date('2026-11-24T09:00:00Z'),
    });
    assert.equal(smtp.received.length, 1);
    const got = smtp.received[0]!;
    assert.ok(got.commands.includes('RCPT TO:<pm@example.nhs.uk>'));
    const auth = got.commands.find((c) => c.startsWith('AUTH PLAIN '))!;
    assert.equal(Buffer.from(auth.slice(11), 'base64').toString(), '\0fv@user\0s3cret');
    assert.match(got.data, /^Subject: Data query answered$/m);
    assert.match(got.data, /^\.hidden\?$/m);
    assert.match(got.data, /\/releases\/r1\/queries/);
  });

  it('fails clearly when the server refuses the recipient', async () => {
    const refusing = net.createServer((s) => {
      s.write('220 hi\r\n');
      s.on('data', (d) => s.write(d.toString().startsWith('RCPT') ? '550 no such user\r\n' : '250 ok\r\n'));
    });
    await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', () => r()));
    const port = (refusing.address() as net.AddressInfo).port;
    await assert.rejects(
      smtpMailer(`smtp://127.0.0.1:${port}`).send({
        to: 'x@example.org',
        subject: 's',
        body: 'b',
        link: null,
        date: new Date('2026-11-24T09:00:00Z'),
      }),
      /550 no such user/,
    );
    await new Promise<void>((r) => refusing.close(() => r()));
  });

  it('goes to .eml files in the outbox folder when no SMTP server is configured', async () => {
    const mailer = mailerFromEnvironment({ FAIRVIEW_OUTBOX_DIR: folder });
    assert.equal(mailer.describe, `outbox ${folder}`);
    await outboxMailer(folder).send({
      to: 'a@example.org',
      subject: 'Résumé of flags',
      body: 'Body',
      link: null,
      date: new Date('2026-11-24T09:00:00Z'),
    });
    const files = (await readdir(folder)).filter((f) => f.endsWith('.eml'));
    assert.equal(files.length, 1);
    const text = await readFile(join(folder, files[0]!), 'utf8');
    assert.match(text, /^Subject: =\?UTF-8\?B\?/m);
    assert.match(text, /\r\n\r\nBody\r\n$/);
  });
});
