// The schemes part of the demo (docs/schemes.md "Demo"): for the practices of Tees Valley (16C), a
// QOF-style scheme calculated from QOF achievement files, the quality premium earned by 16C with its
// distribution decided by the committee, and the local case-finding scheme calculated from the demo
// release; each put to the demo committee's December meeting, where the GP members who are partners
// at the practices paid are recused, and approved by the others. Idempotent: a second call finds the
// QOF calculation approved and changes nothing.
//
// What is not real: the bundled NHS data holds no per-indicator QOF achievement, so the QOF-style scheme
// (2022-23) is calculated from SYNTHETIC counts calibrated so each practice's points equal its real
// published total for the year (synthetic-qof.ts), imported through the achievement import and labelled
// SYNTHETIC in the import history and on every statement; the premium's commissioner measures are the
// example's illustrative figures (schemes/examples/inputs), given to 16C.
import { fileURLToPath } from 'node:url';
import type { Actor } from '../app/actor.ts';
import { findReleaseForPages } from '../app/benchmarking/queries.ts';
import { itemState } from '../app/governance/item-state.ts';
import { castVote, recordDecision } from '../app/governance/items.ts';
import { submissionBlocks, submitForApproval } from '../app/schemes/approval.ts';
import { calculateAndStore } from '../app/schemes/calculate.ts';
import { readSchemeFile } from '../app/schemes/definitions.ts';
import { proposeDistribution } from '../app/schemes/distribution.ts';
import { readInputsFile } from '../app/schemes/input-files.ts';
import { inputsFromAchievement, inputsFromRelease, withCommissionerLists } from '../app/schemes/inputs.ts';
import { addStandingRule, storedStandingRules } from '../app/schemes/standing-rules.ts';
import { importSyntheticQofAchievement } from '../app/schemes/synthetic-qof.ts';
import { formatPounds } from '../domain/money.ts';
import type { SchemeDefinition } from '../domain/schemes/definition.ts';
import type { SchemeInputs } from '../domain/schemes/inputs.ts';
import type { Store } from '../store/database.ts';
import { DEMO_COMMITTEE_NAME } from './governance.ts';

const SEEDER: Actor = {
  userId: 0,
  username: 'demo',
  displayName: 'Demo seed',
  roles: [{ role: 'administrator', organisationCode: null }],
};
const COMMISSIONER = '16C';
const file = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export interface SchemesDemoOutcome {
  seeded: boolean;
  /** What was calculated and approved, and what could not be, in words. */
  notes: string[];
}

/**
 * The schemes demo, in scenes, each put to the demo committee's open meeting: the QOF-style
 * calculation, the quality premium and its distribution, and the local scheme.
 */
export async function seedSchemesDemo(store: Store, now: Date): Promise<SchemesDemoOutcome> {
  const db = store.db;
  const notes: string[] = [];
  const committee = await db
    .selectFrom('committee')
    .select('id')
    .where('name', '=', DEMO_COMMITTEE_NAME)
    .executeTakeFirst();
  if (!committee) return { seeded: false, notes: ['the governance demo has not been seeded'] };
  const meeting = await db
    .selectFrom('committee_meeting')
    .select('id')
    .where('committee_id', '=', committee.id)
    .where('minutes_published_at', 'is', null)
    .orderBy('held_on')
    .executeTakeFirst();
  if (!meeting) return { seeded: false, notes: ['the demo committee has no open meeting'] };

  // Seeded once: the seeder is the only one to put calculations to the demo committee.
  if (await db.selectFrom('scheme_approval').select('calculation_id').limit(1).executeTakeFirst())
    return { seeded: false, notes: ['already seeded'] };

  const stop = await seedQofScene(store, now, meeting.id, notes);
  if (stop) return stop;
  await seedPremiumScene(store, now, meeting.id, notes);
  await seedLocalScene(store, now, meeting.id, notes);
  return { seeded: true, notes };
}

/** Returns the outcome to stop with when the QOF-style scene cannot be played, else null. */
async function seedQofScene(
  store: Store,
  now: Date,
  meetingId: number,
  notes: string[],
): Promise<SchemesDemoOutcome | null> {
  const db = store.db;
  // QOF-style 2022-23, from SYNTHETIC per-indicator achievement calibrated to the published points.
  const qof = await definition('schemes/examples/qof-2022-23.json');
  if (qof.kind !== 'qof') throw new Error('qof-2022-23.json is not a QOF-style scheme');
  const hasAchievement = await db
    .selectFrom('qof_achievement')
    .select('practice_code')
    .where('qof_year', '=', qof.year)
    .limit(1)
    .executeTakeFirst();
  if (!hasAchievement) {
    try {
      const made = await importSyntheticQofAchievement(store, qof, COMMISSIONER, 'demo');
      notes.push(
        `QOF-style: SYNTHETIC achievement for ${made.practices} practices of ${COMMISSIONER} (${made.fileName}), calibrated to their published ${qof.year} points` +
          (made.skipped.length > 0
            ? `; not made for ${made.skipped.map((s) => `${s.practiceCode} (${s.reason})`).join(', ')}`
            : ''),
      );
    } catch (error) {
      return {
        seeded: false,
        notes: [`QOF-style: ${error instanceof Error ? error.message : String(error)}`],
      };
    }
  }
  const qofInputs = await inputsFromAchievement(db, qof, qof.year, COMMISSIONER);
  if (qofInputs.practices.length === 0)
    return { seeded: false, notes: ['no QOF achievement for the practices of 16C'] };
  const qofCalc = await calculateAndStore(store, {
    scheme: qof,
    inputs: qofInputs,
    sourceKind: 'qof_achievement',
    actor: 'demo',
    now,
  });
  // One that pays nobody or rests on stale lists waits for a recorded override: the demo records none.
  const qofBlocks = await submissionBlocks(db, qofCalc.calculation.id);
  if (qofBlocks.length > 0)
    notes.push(
      `QOF-style: calculation ${qofCalc.calculation.id} prepared, not put to the committee: ${qofBlocks.join('; ')}`,
    );
  else {
    await approve(store, now, qofCalc.calculation.id, meetingId);
    notes.push(`QOF-style: calculation ${qofCalc.calculation.id} approved`);
  }
  return null;
}

async function seedPremiumScene(store: Store, now: Date, meetingId: number, notes: string[]): Promise<void> {
  const db = store.db;
  // The quality premium earned by 16C, distributed per registered patient by decision. 16C's registered
  // list is not given: it is the sum of its practices' lists as of the period's end (the one "as of"
  // rule), so every pound of the statement traces to dated extracts (issue 14).
  const premium = await definition('schemes/examples/quality-premium-2024-25.json');
  const example = await readInputsFile(file('schemes/examples/inputs/quality-premium-2024-25.json'));
  const premiumInputs: SchemeInputs = await withCommissionerLists(db, {
    ...example,
    source: `${example.source}; the first commissioner's measures given to ${COMMISSIONER} for the demo`,
    commissioners: [
      { ...example.commissioners[0]!, commissionerCode: COMMISSIONER, registeredPatients: null },
    ],
  });
  const premiumCalc = await calculateAndStore(store, {
    scheme: premium,
    inputs: premiumInputs,
    sourceKind: 'inputs_file',
    actor: 'demo',
    now,
  });
  await approve(store, now, premiumCalc.calculation.id, meetingId);
  const distribution = await proposeDistribution(
    db,
    SEEDER,
    {
      calculationId: premiumCalc.calculation.id,
      commissionerCode: COMMISSIONER,
      option: 'per_registered',
      meetingId,
    },
    now,
  );
  const item = await db
    .selectFrom('premium_distribution')
    .select('agenda_item_id')
    .where('id', '=', distribution)
    .executeTakeFirstOrThrow();
  await carry(
    store,
    now,
    item.agenda_item_id,
    'Agreed: the quality premium is paid to the practices per registered patient.',
  );
  notes.push(
    `Quality premium: calculation ${premiumCalc.calculation.id} approved, distributed per registered patient`,
  );
}

async function seedLocalScene(store: Store, now: Date, meetingId: number, notes: string[]): Promise<void> {
  const db = store.db;
  // The local scheme, from the published demo release, after the commissioner's standing rule that
  // a local scheme must cover the case-finding and smoking indicators (shown on its pages).
  const local = await definition('schemes/examples/local-case-finding-2024-25.json');
  if ((await storedStandingRules(db)).length === 0) {
    await addStandingRule(
      db,
      SEEDER,
      {
        rule: 'covers_indicators',
        indicators: 'QOF-PREV-HYP, QOF-PREV-AF, FT-91547',
      },
      now,
    );
    notes.push('Standing rules: local schemes must cover QOF-PREV-HYP, QOF-PREV-AF and FT-91547');
  }
  const release = await findReleaseForPages(db);
  if (!release)
    notes.push('Local scheme: not calculated, no published release (run `fairview recompute --publish`)');
  else {
    try {
      // The baseline of each indicator: the latest period before the scheme's year that the release
      // holds for it (inputsFromRelease's default; the what-if finds the same).
      const localInputs = await inputsFromRelease(db, local, release, { scope: COMMISSIONER });
      const localCalc = await calculateAndStore(store, {
        scheme: local,
        inputs: localInputs,
        sourceKind: 'release',
        releaseId: release.id,
        actor: 'demo',
        now,
      });
      const localBlocks = await submissionBlocks(db, localCalc.calculation.id);
      if (localBlocks.length > 0)
        notes.push(
          `Local scheme: calculation ${localCalc.calculation.id} prepared, not put to the committee: ${localBlocks.join('; ')}`,
        );
      else {
        await approve(store, now, localCalc.calculation.id, meetingId);
        notes.push(
          `Local scheme: calculation ${localCalc.calculation.id} (${localInputs.source}) approved, ${formatPounds(localCalc.result.totalAmount)}`,
        );
      }
    } catch (error) {
      notes.push(`Local scheme: not calculated: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function definition(path: string): Promise<SchemeDefinition> {
  const read = await readSchemeFile(file(path));
  if (!read.ok) throw new Error(`${path}: ${read.problems.map((p) => p.message).join('; ')}`);
  return read.scheme;
}

async function approve(store: Store, now: Date, calculationId: number, meetingId: number): Promise<void> {
  const itemId = await submitForApproval(store.db, SEEDER, { calculationId, meetingId }, now);
  await carry(store, now, itemId, 'Approved: payments as calculated.');
}

/** Every voting member present and not recused votes for; the decision is recorded. */
async function carry(store: Store, now: Date, itemId: number, text: string): Promise<void> {
  const state = await itemState(store.db, itemId);
  for (const m of state.members)
    if (m.voting && state.present.has(m.id) && !state.recused.has(m.id))
      await castVote(store.db, SEEDER, itemId, { memberId: m.id, choice: 'for' }, now);
  await recordDecision(store.db, SEEDER, itemId, { decisionText: text, public: true }, now);
}
