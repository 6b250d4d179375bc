/**
 * The demo's accounts: one per role, each scoped to a real organisation in the bundled data (The
 * Densham Surgery A81001, in Stockton PCN, sub-ICB location 16C, North East and North Cumbria ICB,
 * North East and Yorkshire region). Passwords are generated at random on first start, stored only
 * as scrypt hashes, and returned once for the caller to print.
 */
import type { Kysely } from 'kysely';
import type { ScryptCost } from '../app/auth/password.ts';
import { countUsers, createUser } from '../app/auth/users.ts';
import { setUserEmail } from '../app/notifications/notify.ts';
import type { RoleAssignment } from '../domain/roles.ts';
import { ROLE_LABELS, ROLES, type Role } from '../domain/roles.ts';
import { inSentence } from '../domain/words.ts';
import type { Database } from '../store/schema.ts';

const DEMO_SCOPE: Record<Role, string | null> = {
  administrator: null,
  commissioning_analyst: '16C',
  commissioning_manager: '16C',
  practice_manager: 'A81001',
  practice_partner: 'A81001',
  area_team: 'Y63',
  committee_lay: 'QHM',
  committee_executive: 'QHM',
  committee_gp: 'QHM',
  observer: 'QHM',
  lmc_representative: '16C',
};

export interface DemoAccount {
  username: string;
  role: RoleAssignment;
  password: string;
}

export function demoEmail(username: string): string {
  return `${username}@demo.fairview.example`;
}

export function demoUsername(role: Role): string {
  return `demo-${role.replaceAll('_', '-')}`;
}

/**
 * Creates the demo accounts if the store has no account at all; returns them with their passwords,
 * or an empty list when accounts already exist (a second start prints nothing new).
 */
export async function createDemoUsers(
  db: Kysely<Database>,
  options: { now: Date; cost?: ScryptCost },
): Promise<DemoAccount[]> {
  if ((await countUsers(db)) > 0) return [];
  // In parallel: the hashing runs on libuv's thread pool, so the first start waits less.
  return Promise.all(
    ROLES.map(async (role) => {
      const assignment: RoleAssignment = { role, organisationCode: DEMO_SCOPE[role] };
      const { user, generatedPassword } = await createUser(db, {
        username: demoUsername(role),
        displayName: `Demo ${inSentence(ROLE_LABELS[role])}`,
        roles: [assignment],
        actor: 'demo',
        now: options.now,
        cost: options.cost,
      });
      // An address at the reserved example domain, so the demo's e-mails land in its outbox (issue 18).
      await setUserEmail(db, user.id, demoEmail(user.username));
      return { username: user.username, role: assignment, password: generatedPassword! };
    }),
  );
}
