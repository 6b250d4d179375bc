/**
 * The governance part of the demo: the primary care commissioning committee of sub-ICB location 16C
 * (Tees Valley, in North East and North Cumbria ICB) with a lay chair, executive and GP members and
 * observers (Healthwatch, the local authority, the LMC); delegation for 16C (level 3) and for 93C
 * (Barnet, level 1); a register of interests in which the GP member is a partner at The Densham
 * Surgery (A81001); a held meeting with its decisions and minutes, and a coming one whose item about
 * A81001 recuses that GP automatically. Members are linked to the demo accounts when they exist.
 * Idempotent: a second call finds the committee and changes nothing.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../app/actor.ts';
import { writeAudit } from '../app/auth/audit.ts';
import { addMember, createCommittee } from '../app/governance/committees.ts';
import { decideDelegation, requestDelegation } from '../app/governance/delegation.ts';
import { castVote, recordDecision } from '../app/governance/items.ts';
import {
  addAgendaItem,
  createMeeting,
  publishMinutes,
  recordAttendance,
} from '../app/governance/meetings.ts';
import type { DelegatedFunction } from '../domain/governance/delegation.ts';
import { DELEGATED_FUNCTIONS } from '../domain/governance/delegation.ts';
import type { Database } from '../store/schema.ts';

export const DEMO_COMMITTEE_NAME = 'Primary Care Commissioning Committee (Tees Valley, 16C)';

/** The seed acts as an administrator named `demo`, through the same use cases as the pages. */
const SEEDER: Actor = {
  userId: 0,
  username: 'demo',
  displayName: 'Demo seed',
  roles: [{ role: 'administrator', organisationCode: null }],
};

interface DemoMember {
  name: string;
  username: string | null;
  role: 'lay' | 'executive' | 'gp' | 'observer';
  observerBody?: 'healthwatch' | 'local_authority' | 'lmc';
  position?: 'chair' | 'deputy_chair';
  interests: {
    kind: string;
    organisationCode?: string;
    providerName?: string;
    description: string;
    startsOn?: string;
    declaredAt: string;
  }[];
}

const MEMBERS: DemoMember[] = [
  {
    name: 'Margaret Lowe (lay chair)',
    username: 'demo-committee-lay',
    role: 'lay',
    position: 'chair',
    interests: [{ kind: 'nil', description: 'No interests to declare', declaredAt: '2026-04-02' }],
  },
  {
    name: 'Priya Shah (lay member, deputy chair)',
    username: null,
    role: 'lay',
    position: 'deputy_chair',
    interests: [
      {
        kind: 'family_link',
        organisationCode: 'E83003',
        description: 'Spouse is a practice nurse at Oakleigh Road Health Centre',
        startsOn: '2019-09-01',
        declaredAt: '2026-04-10',
      },
    ],
  },
  {
    name: 'Tom Hughes (director of primary care)',
    username: 'demo-committee-executive',
    role: 'executive',
    interests: [
      {
        kind: 'other',
        description: 'Trustee of a local hospice charity (unpaid)',
        startsOn: '2021-01-01',
        declaredAt: '2026-04-03',
      },
    ],
  },
  {
    name: 'Daniel Okafor (chief finance officer)',
    username: null,
    role: 'executive',
    // Last declared more than a year ago: shows on the overdue list.
    interests: [{ kind: 'nil', description: 'No interests to declare', declaredAt: '2025-06-30' }],
  },
  {
    name: 'Dr Sarah Bell (GP member)',
    username: 'demo-committee-gp',
    role: 'gp',
    interests: [
      {
        kind: 'practice_partnership',
        organisationCode: 'A81001',
        description: 'GP partner at The Densham Surgery',
        startsOn: '2015-04-01',
        declaredAt: '2026-04-05',
      },
      {
        kind: 'provider_financial',
        providerName: 'Tees Valley GP Federation',
        description: 'Shareholder (through the practice) in the GP federation',
        startsOn: '2017-10-01',
        declaredAt: '2026-04-05',
      },
    ],
  },
  {
    name: 'Dr Imran Patel (GP member)',
    username: null,
    role: 'gp',
    interests: [
      {
        kind: 'practice_partnership',
        organisationCode: 'A81002',
        description: 'GP partner at Queens Park Medical Centre',
        startsOn: '2012-08-01',
        declaredAt: '2026-04-08',
      },
    ],
  },
  {
    name: 'Healthwatch Stockton-on-Tees',
    username: 'demo-observer',
    role: 'observer',
    observerBody: 'healthwatch',
    interests: [],
  },
  {
    name: 'Stockton-on-Tees Borough Council',
    username: null,
    role: 'observer',
    observerBody: 'local_authority',
    interests: [],
  },
  {
    name: 'Cleveland LMC',
    username: 'demo-lmc-representative',
    role: 'observer',
    observerBody: 'lmc',
    interests: [],
  },
];

const TERMS = `The committee exercises the primary medical care functions that NHS England has delegated to the
commissioner for sub-ICB location 16C, and advises on those it has not. Members declare their interests on
appointment, whenever they change and at least once a year; a member with an interest in a practice or
provider that an item concerns takes no part in that item. Quorum: a majority of the voting members,
including the chair or deputy chair and at least one lay member. Healthwatch, the local authority and the
LMC attend as observers without a vote. Decisions and minutes are published.`;

/**
 * The governance demo, in scenes: the delegations, the committee and its members, their declarations,
 * a held meeting (decided, minuted, published) and the coming one.
 */
export async function seedGovernanceDemo(db: Kysely<Database>, now: Date): Promise<{ seeded: boolean }> {
  const existing = await db
    .selectFrom('committee')
    .select('id')
    .where('name', '=', DEMO_COMMITTEE_NAME)
    .executeTakeFirst();
  if (existing) return { seeded: false };
  if (!(await hasOrg(db, '16C'))) return { seeded: false }; // the bundled data has not been imported

  await seedDelegations(db, now);
  const { committeeId, memberIds } = await seedCommittee(db, now);
  await seedDeclarations(db, memberIds);
  await seedHeldMeeting(db, now, committeeId, memberIds);
  await seedComingMeeting(db, now, committeeId, memberIds);
  return { seeded: true };
}

async function hasOrg(db: Kysely<Database>, code: string): Promise<boolean> {
  return (
    (await db.selectFrom('organisation').select('code').where('code', '=', code).executeTakeFirst()) !==
    undefined
  );
}

async function seedDelegations(db: Kysely<Database>, now: Date): Promise<void> {
  // Delegation: 16C fully delegated (level 3), 93C at level 1 (influence only).
  const all: DelegatedFunction[] = [...DELEGATED_FUNCTIONS];
  const p16 = await requestDelegation(
    db,
    SEEDER,
    {
      commissionerCode: '16C',
      level: 3,
      startsOn: '2025-04-01',
      endsOn: null,
      functions: all,
      note: 'Delegation agreement 2025/26 onwards',
    },
    now,
  );
  await decideDelegation(
    db,
    SEEDER,
    {
      periodId: p16,
      approve: true,
      grantFunctions: all,
      note: 'Approved by the regional director of commissioning',
    },
    now,
  );
  if (await hasOrg(db, '93C')) {
    const p93 = await requestDelegation(
      db,
      SEEDER,
      {
        commissionerCode: '93C',
        level: 1,
        startsOn: '2025-04-01',
        endsOn: null,
        functions: [],
        note: 'Greater involvement only',
      },
      now,
    );
    await decideDelegation(db, SEEDER, { periodId: p93, approve: true, grantFunctions: [], note: null }, now);
  }
}

async function seedCommittee(
  db: Kysely<Database>,
  now: Date,
): Promise<{ committeeId: number; memberIds: number[] }> {
  const committeeId = await createCommittee(
    db,
    SEEDER,
    {
      name: DEMO_COMMITTEE_NAME,
      organisationCode: '16C',
      termsOfReference: TERMS,
      quorumMinimum: null,
      quorumRequiresChair: true,
      quorumRequiresLay: true,
    },
    now,
  );
  const memberIds: number[] = [];
  for (const m of MEMBERS) {
    const user = m.username
      ? await db.selectFrom('app_user').select('id').where('username', '=', m.username).executeTakeFirst()
      : undefined;
    memberIds.push(
      await addMember(
        db,
        SEEDER,
        committeeId,
        {
          personId: null,
          name: m.name,
          username: user ? m.username : null,
          role: m.role,
          observerBody: m.observerBody ?? null,
          voting: m.role !== 'observer',
          position: m.position ?? 'member',
          startsOn: '2025-04-01',
        },
        now,
      ),
    );
  }
  return { committeeId, memberIds };
}

async function seedDeclarations(db: Kysely<Database>, memberIds: readonly number[]): Promise<void> {
  // Declarations with the dates they were made, so the yearly review has a history to show.
  await db.transaction().execute(async (trx) => {
    for (const [i, m] of MEMBERS.entries()) {
      const member = await trx
        .selectFrom('committee_member')
        .select('person_id')
        .where('id', '=', memberIds[i]!)
        .executeTakeFirstOrThrow();
      for (const interest of m.interests) {
        const row = await trx
          .insertInto('interest_declaration')
          .values({
            person_id: member.person_id,
            kind: interest.kind,
            organisation_code: interest.organisationCode ?? null,
            provider_name: interest.providerName ?? null,
            description: interest.description,
            starts_on: interest.startsOn ?? null,
            declared_at: `${interest.declaredAt}T09:00:00Z`,
            declared_by: 'demo',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await writeAudit(trx, {
          actor: 'demo',
          action: interest.kind === 'nil' ? 'nil_return_made' : 'interest_declared',
          entity: 'interest_declaration',
          entityId: String(row.id),
          before: null,
          after: { person_id: member.person_id, ...interest },
        });
      }
    }
  });
}

async function seedHeldMeeting(
  db: Kysely<Database>,
  now: Date,
  committeeId: number,
  memberIds: readonly number[],
): Promise<void> {
  const voters = memberIds.filter((_, i) => MEMBERS[i]!.role !== 'observer');
  // A held meeting: decided, minuted and published.
  const held = await createMeeting(
    db,
    SEEDER,
    committeeId,
    {
      title: 'Meeting in public, September 2026',
      heldOn: '2026-09-10',
      location: 'Teesside Lodge, Middlesbrough',
    },
    now,
  );
  await recordAttendance(db, SEEDER, held, memberIds, now);
  await careHomeItem(db, now, held, voters);
  await federationItem(db, now, held, voters, memberIds);
  await publishMinutes(
    db,
    SEEDER,
    held,
    'Present: all voting members; Healthwatch, the local authority and the LMC attended as observers.\n\nItem 1: the care home enhanced service was approved for 2026/27.\nItem 2: Dr Bell was recused (shareholding in the GP federation) and left the room; the variation was approved.',
    now,
  );
}

/** Item 1 of the held meeting: carried, with one abstention. */
async function careHomeItem(
  db: Kysely<Database>,
  now: Date,
  held: number,
  voters: readonly number[],
): Promise<void> {
  const les = await addAgendaItem(
    db,
    SEEDER,
    held,
    {
      title: 'Local enhanced service for care home ward rounds 2026/27',
      concernKind: 'scheme',
      concernRef: 'Care home LES 2026/27',
      organisationCodes: '',
      providerNames: '',
      delegatedFunction: 'enhanced_services',
      paper:
        'Proposal to continue the care home ward round enhanced service for a further year at the same price.',
      confidentialPaper: null,
    },
    now,
  );
  for (const [i, id] of voters.entries())
    await castVote(db, SEEDER, les, { memberId: id, choice: i === 3 ? 'abstain' : 'for' }, now);
  await recordDecision(
    db,
    SEEDER,
    les,
    {
      decisionText: 'Approved: the care home enhanced service continues for 2026/27.',
      public: true,
    },
    now,
  );
}

/** Item 2 of the held meeting: Dr Bell is recused (shareholding in the federation); carried. */
async function federationItem(
  db: Kysely<Database>,
  now: Date,
  held: number,
  voters: readonly number[],
  memberIds: readonly number[],
): Promise<void> {
  const fed = await addAgendaItem(
    db,
    SEEDER,
    held,
    {
      title: 'Extended access contract with the GP federation',
      concernKind: 'practices',
      concernRef: null,
      organisationCodes: '',
      providerNames: 'Tees Valley GP Federation',
      delegatedFunction: 'contract_management',
      paper: 'Variation of the extended access contract held by the GP federation.',
      confidentialPaper: 'Commercial terms: price per hour and the federation’s cost breakdown.',
    },
    now,
  );
  for (const id of voters) {
    if (id === memberIds[4]) continue; // Dr Bell holds shares in the federation: recused
    await castVote(db, SEEDER, fed, { memberId: id, choice: 'for' }, now);
  }
  await recordDecision(
    db,
    SEEDER,
    fed,
    {
      decisionText: 'Approved: the contract variation is agreed.',
      public: true,
    },
    now,
  );
}

async function seedComingMeeting(
  db: Kysely<Database>,
  now: Date,
  committeeId: number,
  memberIds: readonly number[],
): Promise<void> {
  // The coming meeting: its item about The Densham Surgery recuses Dr Bell automatically.
  const next = await createMeeting(
    db,
    SEEDER,
    committeeId,
    {
      title: 'Meeting in public, December 2026',
      heldOn: '2026-12-10',
      location: 'Teesside Lodge, Middlesbrough',
    },
    now,
  );
  await recordAttendance(db, SEEDER, next, memberIds, now);
  await addAgendaItem(
    db,
    SEEDER,
    next,
    {
      title: 'Premises: rent review at The Densham Surgery',
      concernKind: 'practices',
      concernRef: null,
      organisationCodes: 'A81001',
      providerNames: '',
      delegatedFunction: 'premises_budgets',
      paper:
        'The district valuer’s rent review for The Densham Surgery and its effect on the premises budget.',
      confidentialPaper: 'The district valuer’s report (commercial in confidence).',
    },
    now,
  );
}
