/**
 * `fairview user add|list|disable`: account administration from the command line, for the person
 * who runs the server. Changes are audited with the operating-system user as the actor.
 */

import { userInfo } from 'node:os';
import { createUser, disableUser, listUsers, UserError } from '../../app/auth/users.ts';
import { systemClock } from '../../app/clock.ts';
import { formatRole, parseRoleSpec, type RoleAssignment, RoleSpecError } from '../../domain/roles.ts';
import { openStore, type Store } from '../../store/database.ts';

const USAGE = `usage:
  fairview user add <username> --role ROLE[:ORG] [--role …] [--name "Display name"] [--password-stdin]
  fairview user list
  fairview user disable <username>

ROLE is one of administrator, commissioning_analyst, commissioning_manager, practice_manager,
practice_partner, area_team, committee_lay, committee_executive, committee_gp, observer,
lmc_representative; every role but administrator names the organisation it covers, e.g.
practice_manager:A81001 or commissioning_analyst:16C. Without --password-stdin a password is
generated and printed once.`;

export interface UserCommandIo {
  store: Store;
  readStdin: () => Promise<string>;
  out: (line: string) => void;
  err: (line: string) => void;
  actor: string;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The command's work, with its store and terminal passed in (tests pass their own). */
export async function runUserCommand(args: string[], io: UserCommandIo): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === 'add') {
      const roles: RoleAssignment[] = [];
      let username: string | null = null;
      let displayName: string | undefined;
      let fromStdin = false;
      for (let i = 0; i < rest.length; i++) {
        const a = rest[i]!;
        if (a === '--role') roles.push(parseRoleSpec(rest[++i] ?? ''));
        else if (a.startsWith('--role=')) roles.push(parseRoleSpec(a.slice(7)));
        else if (a === '--name') displayName = rest[++i];
        else if (a === '--password-stdin') fromStdin = true;
        else if (!a.startsWith('-') && username === null) username = a;
        else throw new UserError(`unexpected argument '${a}'`);
      }
      if (!username) throw new UserError('name the account: fairview user add <username> --role ROLE[:ORG]');
      if (roles.length === 0) throw new UserError('give at least one --role ROLE[:ORG]');
      const password = fromStdin ? (await io.readStdin()).split(/\r?\n/)[0] : undefined;
      const { user, generatedPassword } = await createUser(io.store.db, {
        username,
        displayName,
        password,
        roles,
        actor: io.actor,
        now: systemClock(),
      });
      io.out(`created ${user.username}: ${user.roles.map(formatRole).join('; ')}`);
      if (generatedPassword) io.out(`password: ${generatedPassword}  (shown once; pass it on securely)`);
      return 0;
    }
    if (sub === 'list') {
      const users = await listUsers(io.store.db);
      if (users.length === 0) io.out('no accounts yet: fairview user add <username> --role ROLE[:ORG]');
      for (const u of users) {
        io.out(
          `${u.username.padEnd(28)} ${u.disabled ? 'disabled' : 'active  '} ${u.roles.map(formatRole).join('; ')}`,
        );
      }
      return 0;
    }
    if (sub === 'disable') {
      if (!rest[0] || rest.length > 1) throw new UserError('usage: fairview user disable <username>');
      const user = await disableUser(io.store.db, rest[0], io.actor);
      io.out(`disabled ${user.username}; their sessions have ended`);
      return 0;
    }
    io.err(USAGE);
    return 2;
  } catch (error) {
    if (error instanceof UserError || error instanceof RoleSpecError) {
      io.err(`fairview user: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

export async function user(args: string[]): Promise<number> {
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h') {
    console.log(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const store = await openStore();
  try {
    return await runUserCommand(args, {
      store,
      readStdin: () => readAll(process.stdin),
      out: (line) => console.log(line),
      err: (line) => console.error(line),
      actor: `cli:${userInfo().username}`,
    });
  } finally {
    await store.close();
  }
}
