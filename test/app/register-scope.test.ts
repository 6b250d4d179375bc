// Issue 11, finding 3 (register of interests): a manager of another area (93C) can neither record a
// declaration for a member of 16C's committee nor read the full register's entries of 16C's people
// (private notes, reviews); 16C's own manager can. Both databases.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Actor } from '../../src/app/actor.ts';
import { declareInterest, fullRegister, visibleReviewReminders } from '../../src/app/governance/interests.ts';
import { seedGovernanceDemo } from '../../src/demo/governance.ts';
import type { RoleAssignment } from '../../src/domain/roles.ts';
import { forEachDatabase } from '../support/databases.ts';
import { seedRealSlice } from '../web/real-slice.ts';

const actor = (username: string, ...roles: RoleAssignment[]): Actor => ({
  userId: 0,
  username,
  displayName: username,
  roles,
});
const HERE = actor('manager-16c', { role: 'commissioning_manager', organisationCode: '16C' });
const THERE = actor('manager-93c', { role: 'commissioning_manager', organisationCode: '93C' });
const NOW = new Date('2026-12-06T09:00:00Z');

forEachDatabase('the register of interests is scoped to the area', (store) => {
  let member = 0;
  before(async () => {
    const db = store().db;
    await seedRealSlice(db);
    await seedGovernanceDemo(db, NOW);
    const seat = await db
      .selectFrom('committee_member as m')
      .innerJoin('committee as c', 'c.id', 'm.committee_id')
      .select('m.person_id')
      .where('c.organisation_code', '=', '16C')
      .executeTakeFirstOrThrow();
    member = seat.person_id;
  });

  const form = (personId: number) => ({
    kind: 'other',
    organisationCode: null,
    providerName: 'A federation',
    description: 'Shares',
    privateNote: 'held by a relative',
    startsOn: null,
    endsOn: null,
    personId,
  });

  it("refuses another area's manager a declaration for a 16C committee member, and lets 16C's record it", async () => {
    const db = store().db;
    await assert.rejects(
      declareInterest(db, THERE, form(member), NOW),
      (e: unknown) => (e as { kind?: string }).kind === 'forbidden',
    );
    assert.ok((await declareInterest(db, HERE, form(member), NOW)) > 0);
  });

  it("shows another area's manager none of 16C's people in the full register or the reminders", async () => {
    const db = store().db;
    const mine = await fullRegister(db, HERE);
    assert.ok(mine.some((e) => e.personId === member && e.privateNote === 'held by a relative'));
    const theirs = await fullRegister(db, THERE);
    assert.equal(
      theirs.some((e) => e.personId === member),
      false,
    );
    const reminders = await visibleReviewReminders(db, THERE, '2026-12-06');
    assert.equal(
      reminders.some((r) => r.personId === member),
      false,
    );
  });
});
