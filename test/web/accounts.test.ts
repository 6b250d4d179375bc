import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, verifyPassword } from '../../src/app/auth/password.ts';
import { signIn } from '../../src/app/auth/sign-in.ts';
import { runUserCommand } from '../../src/cli/commands/user.ts';
import { createDemoUsers } from '../../src/demo/users.ts';
import { ROLES } from '../../src/domain/roles.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { TEST_COST } from './client.ts';

describe('password hashing', () => {
  it('salts every hash, keeps its scrypt parameters in the string, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    assert.match(a, /^scrypt\$N=32768,r=8,p=3\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    assert.notEqual(a, b, 'a fresh salt each time');
    assert.equal(await verifyPassword('correct horse battery staple', a), true);
    assert.equal(await verifyPassword('correct horse battery stapler', a), false);
  });

  it('treats a malformed or absurdly expensive stored hash as a failed check, not a crash', async () => {
    assert.equal(await verifyPassword('x', 'not a hash'), false);
    assert.equal(await verifyPassword('x', 'scrypt$N=1073741824,r=8,p=1$AAAA$AAAA'), false);
  });
});

forEachDatabase('accounts from the command line', (store) => {
  const run = async (args: string[], stdin = ''): Promise<{ code: number; out: string[]; err: string[] }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runUserCommand(args, {
      store: store(),
      readStdin: async () => stdin,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      actor: 'cli:tester',
    });
    return { code, out, err };
  };

  it('adds a user with a generated password, printed once, that signs in', async () => {
    const r = await run([
      'add',
      'Pat.Analyst',
      '--role',
      'commissioning_analyst:16c',
      '--name',
      'Pat Analyst',
    ]);
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.match(r.out[0]!, /created pat\.analyst: Commissioning analyst for 16C/);
    const password = /password: (\S+)/.exec(r.out.join('\n'))![1]!;
    assert.ok(password.length >= 20);
    const result = await signIn(
      store().db,
      { username: 'pat.analyst', password, address: '127.0.0.1' },
      { now: TEST_NOW },
    );
    assert.equal(result.ok, true);
  });

  it('takes the password from stdin when asked, and never prints it', async () => {
    const r = await run(
      ['add', 'sam', '--role', 'practice_manager:A81001', '--password-stdin'],
      'a long enough secret\n',
    );
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.ok(!r.out.join('\n').includes('a long enough secret'));
    const result = await signIn(
      store().db,
      {
        username: 'sam',
        password: 'a long enough secret',
        address: '127.0.0.1',
      },
      { now: TEST_NOW },
    );
    assert.equal(result.ok, true);
  });

  it('refuses unknown roles, missing organisations, short passwords and taken usernames', async () => {
    assert.equal((await run(['add', 'x1', '--role', 'king'])).code, 1);
    assert.match((await run(['add', 'x2', '--role', 'observer'])).err[0]!, /needs an organisation/);
    assert.match(
      (await run(['add', 'x3', '--role', 'observer:QHM', '--password-stdin'], 'short')).err[0]!,
      /at least 12/,
    );
    assert.match((await run(['add', 'SAM', '--role', 'observer:QHM'])).err[0]!, /taken/);
    assert.equal((await run(['frobnicate'])).code, 2);
  });

  it('lists accounts with their roles, and disables one with an audited before and after', async () => {
    const disabled = await run(['disable', 'sam']);
    assert.equal(disabled.code, 0);
    const list = await run(['list']);
    assert.match(list.out.join('\n'), /pat\.analyst\s+active\s+Commissioning analyst for 16C/);
    assert.match(list.out.join('\n'), /sam\s+disabled\s+Practice manager for A81001/);
    const audit = await store()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user_disabled')
      .executeTakeFirstOrThrow();
    assert.equal(audit.actor, 'cli:tester');
    assert.equal(audit.entity_id, 'sam');
    assert.deepEqual((audit.before as { disabled: boolean }).disabled, false);
    assert.deepEqual((audit.after as { disabled: boolean }).disabled, true);
    const result = await signIn(
      store().db,
      {
        username: 'sam',
        password: 'a long enough secret',
        address: '127.0.0.2',
      },
      { now: TEST_NOW },
    );
    assert.equal(result.ok, false);
  });

  it('audits every account created, without the password hash', async () => {
    const created = await store()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user_created')
      .execute();
    assert.deepEqual(created.map((c) => c.entity_id).sort(), ['pat.analyst', 'sam']);
    for (const c of created) {
      assert.equal(c.before, null);
      assert.ok(!JSON.stringify(c.after).includes('scrypt'));
    }
  });
});

forEachDatabase('demo accounts', (store) => {
  it('creates one account per role on an empty store, with distinct random passwords that sign in', async () => {
    // Cheap hashing here; the stored hash carries its cost, and the real cost is tested above.
    const accounts = await createDemoUsers(store().db, { now: TEST_NOW, cost: TEST_COST });
    assert.deepEqual(
      accounts.map((a) => a.role.role),
      [...ROLES],
    );
    assert.equal(new Set(accounts.map((a) => a.password)).size, ROLES.length);
    const manager = accounts.find((a) => a.role.role === 'practice_manager')!;
    assert.deepEqual(manager.role, { role: 'practice_manager', organisationCode: 'A81001' });
    const stored = await store().db.selectFrom('app_user').select('password_hash').execute();
    assert.ok(stored.every((s) => s.password_hash.startsWith('scrypt$')));
    assert.ok(stored.every((s) => !accounts.some((a) => s.password_hash.includes(a.password))));
    const result = await signIn(
      store().db,
      {
        username: manager.username,
        password: manager.password,
        address: 'x',
      },
      { now: TEST_NOW },
    );
    assert.equal(result.ok, true);
  });

  it('creates nothing, and prints no password, on a second start', async () => {
    assert.deepEqual(await createDemoUsers(store().db, { now: TEST_NOW }), []);
  });
});
