// The one "as of" rule (src/domain/population/as-of.ts): which practices of an organisation are open
// on a date, and which list of each is used. Cases as a table: dormant, closed, merged, moved,
// not yet open, stale and future lists.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MembershipObservation } from '../../src/domain/membership.ts';
import {
  type AsOfFacts,
  type ListExtract,
  listNote,
  type PracticeFacts,
  practicesAsOf,
} from '../../src/domain/population/as-of.ts';

const member = (childCode: string, parentCode: string, observedOn: string, endedOn: string | null = null) =>
  ({ childCode, parentKind: 'sub_icb', parentCode, observedOn, endedOn }) satisfies MembershipObservation;
const practice = (code: string, extra: Partial<PracticeFacts> = {}): PracticeFacts => ({
  code,
  name: `Practice ${code}`,
  openDate: null,
  closeDate: null,
  statuses: [],
  ...extra,
});
const list = (practiceCode: string, extractDate: string, patients: number): ListExtract => ({
  practiceCode,
  extractDate,
  patients,
  source: `registered patients ${extractDate}`,
});

const facts: AsOfFacts = {
  organisation: { code: '16C', kind: 'sub_icb' },
  date: '2023-03-31',
  memberships: [
    member('P_OPEN', '16C', '2016-01-01'),
    member('P_OPEN', '16C', '2023-12-01'),
    // Dormant: ODS says so in December 2023, and no list since 2016.
    member('P_DORMANT', '16C', '2016-01-01'),
    // Closed: ODS close date 31 October 2017.
    member('P_CLOSED', '16C', '2016-01-01', '2017-10-31'),
    // Merged into P_OPEN: its membership ended when it closed on 30 September 2019.
    member('P_MERGED', '16C', '2016-01-01', '2019-09-30'),
    // Moved to 00K in 2020.
    member('P_MOVED', '16C', '2016-01-01'),
    member('P_MOVED', '00K', '2020-04-01'),
    // Moved into 16C in 2020.
    member('P_CAME', '00K', '2016-01-01'),
    member('P_CAME', '16C', '2020-04-01'),
    // Opened in 2024: not yet open on 31 March 2023.
    member('P_NEW', '16C', '2024-04-01'),
    // Only a 2026 map places it, and it did not open after the date.
    member('P_LATE', '16C', '2026-07-01'),
    // Open, but only a 2016 list.
    member('P_STALE', '16C', '2016-01-01'),
  ],
  practices: [
    practice('P_OPEN'),
    practice('P_DORMANT', { statuses: [{ asOf: '2023-12-01', status: 'dormant' }] }),
    practice('P_CLOSED', { closeDate: '2017-10-31' }),
    practice('P_MERGED', { closeDate: '2019-09-30' }),
    practice('P_MOVED'),
    practice('P_CAME'),
    practice('P_NEW', { openDate: '2024-04-01' }),
    practice('P_STALE'),
    practice('P_LATE', { openDate: '1990-01-01' }),
  ],
  lists: [
    list('P_OPEN', '2016-01-01', 4233),
    list('P_OPEN', '2023-01-01', 4029),
    list('P_OPEN', '2026-07-01', 3990),
    list('P_DORMANT', '2016-01-01', 2),
    list('P_CAME', '2022-10-01', 8000),
    list('P_STALE', '2016-01-01', 5000),
  ],
  weightedLists: [
    { practiceCode: 'P_OPEN', extractDate: '2023-01-01', patients: 4579.78, source: 'payments 2022-23' },
  ],
};

describe('Practices of an organisation open on a date (one "as of" rule)', () => {
  const result = practicesAsOf(facts);
  const open = new Map(result.practices.map((p) => [p.code, p]));
  const out = new Map(result.leftOut.map((p) => [p.code, p.reason]));

  const table: [string, string, 'open' | RegExp][] = [
    ['a practice in 16C throughout', 'P_OPEN', 'open'],
    ['a practice ODS later says is dormant, with no list since', 'P_DORMANT', /^dormant \(2023-12-01\)/],
    ['a practice closed before the date', 'P_CLOSED', /closed 2017-10-31|left 16C/],
    ['a practice that merged away (closed) before the date', 'P_MERGED', /closed 2019-09-30|left 16C/],
    ['a practice that moved to another sub-ICB', 'P_MOVED', /in 00K on 2023-03-31, not 16C \(moved\)/],
    ['a practice that moved into 16C', 'P_CAME', 'open'],
    ['a practice that opened after the date', 'P_NEW', /opened 2024-04-01, after 2023-03-31/],
    [
      'a practice first seen in 16C after the date, nothing earlier known (as the compute places it)',
      'P_LATE',
      'open',
    ],
    ['a practice with only a stale list (kept, list not used)', 'P_STALE', 'open'],
  ];
  for (const [title, code, expected] of table) {
    it(title, () => {
      if (expected === 'open') assert.ok(open.has(code), `${code} should be open: ${out.get(code)}`);
      else {
        assert.ok(!open.has(code), `${code} should be left out`);
        assert.match(out.get(code)!, expected);
      }
    });
  }

  it('counts the same practices whatever order the facts come in', () => {
    const reversed = practicesAsOf({
      ...facts,
      memberships: [...facts.memberships].reverse(),
      practices: [...facts.practices].reverse(),
      lists: [...facts.lists].reverse(),
    });
    assert.deepEqual(
      reversed.practices.map((p) => p.code),
      ['P_CAME', 'P_LATE', 'P_OPEN', 'P_STALE'],
    );
    assert.deepEqual(reversed, result);
  });

  it('takes the latest list on or before the date, never a later one', () => {
    assert.equal(open.get('P_OPEN')!.list!.patients, 4029);
    assert.equal(open.get('P_OPEN')!.list!.extractDate, '2023-01-01');
    assert.equal(open.get('P_OPEN')!.list!.ageDays, 89);
    assert.equal(open.get('P_OPEN')!.weightedList!.patients, 4579.78);
  });

  it('refuses a list older than the allowance, and the note names it', () => {
    const stale = open.get('P_STALE')!;
    assert.equal(stale.list, null);
    assert.equal(stale.staleList!.patients, 5000);
    assert.match(
      listNote(stale, result.date),
      /no registered list as of 2023-03-31: the latest \(5000, registered patients 2016-01-01\)/,
    );
    assert.equal(
      listNote(open.get('P_OPEN')!, result.date),
      'registered list 4029 from registered patients 2023-01-01',
    );
  });

  it('keeps a practice said dormant later when a list since shows it had patients on the date', () => {
    const later = practicesAsOf({
      ...facts,
      lists: [...facts.lists, list('P_DORMANT', '2023-06-01', 3100)],
    });
    assert.ok(later.practices.some((p) => p.code === 'P_DORMANT'));
  });

  it('never back-fills a PCN membership', () => {
    const pcn = practicesAsOf({
      ...facts,
      organisation: { code: 'U1', kind: 'pcn' },
      memberships: [{ childCode: 'P_LATE', parentKind: 'pcn', parentCode: 'U1', observedOn: '2026-07-01' }],
    });
    assert.deepEqual(pcn.practices, []);
    assert.match(pcn.leftOut.find((p) => p.code === 'P_LATE')!.reason, /not yet in U1/);
  });

  it('uses a status stated on or before the date over a later one', () => {
    const reopened = practicesAsOf({
      ...facts,
      practices: facts.practices.map((p) =>
        p.code === 'P_OPEN'
          ? {
              ...p,
              statuses: [
                { asOf: '2020-01-01', status: 'dormant' },
                { asOf: '2022-01-01', status: 'active' },
              ],
            }
          : p,
      ),
    });
    assert.ok(reopened.practices.some((p) => p.code === 'P_OPEN'));
  });
});
