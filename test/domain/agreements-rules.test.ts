import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lmcAuthority, practiceAuthority } from '../../src/domain/agreements/authority.ts';
import type { Clause, ClauseTag } from '../../src/domain/agreements/clauses.ts';
import {
  checkConsultationDraft,
  consultationPhase,
  tallyVotes,
} from '../../src/domain/agreements/consultation.ts';
import { parseAgreementDocument } from '../../src/domain/agreements/document.ts';
import { guidanceChecks } from '../../src/domain/agreements/guidance.ts';
import { signedLine, summariseResponses, wholePercent } from '../../src/domain/agreements/status.ts';

const clauses = (...tags: ClauseTag[]): Pick<Clause, 'position' | 'tag'>[] =>
  tags.map((tag, i) => ({ position: i + 1, tag }));
const codes = (tags: ClauseTag[]): string[] => guidanceChecks(clauses(...tags)).map((f) => f.code);

describe('guidance checks shown before anyone signs', () => {
  it('flags a performance-management clause, says it is the contract holder’s role, and names the clause', () => {
    const flags = guidanceChecks(clauses('benchmarking', 'performance_management', 'lmc_role'));
    assert.deepEqual(
      flags.map((f) => f.code),
      ['performance_management'],
    );
    assert.deepEqual(flags[0]!.clauses, [2]);
    assert.match(flags[0]!.reason, /contract holder/);
    assert.match(flags[0]!.reason, /NHS England, or the ICB/);
  });

  it('flags sanctions when no dispute-resolution (appeal) clause exists, and not when one does', () => {
    const flagged = guidanceChecks(clauses('sanctions_removal', 'lmc_role', 'sanctions_removal'));
    assert.deepEqual(
      flagged.map((f) => f.code),
      ['sanctions_without_appeal'],
    );
    assert.deepEqual(flagged[0]!.clauses, [1, 3]);
    assert.match(flagged[0]!.reason, /appeal/);
    assert.deepEqual(codes(['sanctions_removal', 'dispute_resolution', 'lmc_role']), []);
  });

  it('flags an agreement that gives the LMC no role', () => {
    const flags = guidanceChecks(clauses('benchmarking', 'data_sharing'));
    assert.deepEqual(
      flags.map((f) => f.code),
      ['no_lmc_role'],
    );
    assert.deepEqual(flags[0]!.clauses, []);
    assert.match(flags[0]!.reason, /Local Medical Committee/);
  });

  it('flags all three at once, in a fixed order, and nothing in a sound agreement', () => {
    assert.deepEqual(codes(['performance_management', 'sanctions_removal']), [
      'performance_management',
      'sanctions_without_appeal',
      'no_lmc_role',
    ]);
    assert.deepEqual(
      codes(['benchmarking', 'meetings_reviews', 'sanctions_removal', 'dispute_resolution', 'lmc_role']),
      [],
    );
  });
});

describe('reading an agreement document', () => {
  it('takes the title, preamble and each ## clause with its tag in braces', () => {
    const parsed = parseAgreementDocument(
      '# Tees Valley agreement\n\nBetween the practices.\n\n## 1. Scorecard {benchmarking}\nQuarterly.\n\n### Detail\nMore.\n## 2. The LMC {LMC role}\nConsulted.\n',
    );
    assert.ok(parsed.ok);
    assert.equal(parsed.document.title, 'Tees Valley agreement');
    assert.equal(parsed.document.preamble, 'Between the practices.');
    assert.deepEqual(
      parsed.document.clauses.map((c) => [c.position, c.heading, c.tag]),
      [
        [1, '1. Scorecard', 'benchmarking'],
        [2, '2. The LMC', 'lmc_role'],
      ],
    );
    assert.equal(parsed.document.clauses[0]!.body, 'Quarterly.\n\n### Detail\nMore.');
  });

  it('names the line of a clause with no tag or an unknown one', () => {
    const parsed = parseAgreementDocument('## 1. Purpose\ntext\n## 2. Fines {penalties}\n');
    assert.ok(!parsed.ok);
    assert.deepEqual(
      parsed.problems.map((p) => p.line),
      [1, 3],
    );
    assert.match(parsed.problems[0]!.message, /has no tag/);
    assert.match(parsed.problems[1]!.message, /'\{penalties\}' is not a clause tag/);
  });

  it('refuses a document with no clauses', () => {
    const parsed = parseAgreementDocument('# Just a title\n\nSome words.');
    assert.ok(!parsed.ok);
    assert.match(parsed.problems[0]!.message, /no clauses/);
  });
});

describe('authority to respond', () => {
  it('rests a signature on a partner’s or manager’s role for that very practice, a partner’s first', () => {
    const roles = [
      { role: 'practice_manager' as const, organisationCode: 'A81001' },
      { role: 'practice_partner' as const, organisationCode: 'A81001' },
    ];
    assert.equal(practiceAuthority(roles, 'a81001')?.role, 'practice_partner');
    assert.equal(practiceAuthority(roles, 'A81002'), null);
    assert.equal(practiceAuthority([{ role: 'practice_manager', organisationCode: '16C' }], 'A81001'), null);
    assert.equal(practiceAuthority([{ role: 'administrator', organisationCode: null }], 'A81001'), null);
  });

  it('rests an LMC response on an LMC representative role reaching the commissioner', () => {
    assert.ok(lmcAuthority([{ role: 'lmc_representative', organisationCode: 'QHM' }], '16C', ['QHM', 'Y63']));
    assert.equal(
      lmcAuthority([{ role: 'lmc_representative', organisationCode: '93C' }], '16C', ['QHM']),
      null,
    );
    assert.equal(lmcAuthority([{ role: 'committee_gp', organisationCode: '16C' }], '16C', []), null);
  });
});

describe('the signing dashboard', () => {
  it('writes the status the way the issue asks: "1,391 of 1,528 practices signed, 91%"', () => {
    assert.equal(
      signedLine({ members: 1528, signed: 1391, vetoed: 3, notResponded: 134, signedPercent: 91 }),
      '1,391 of 1,528 practices signed, 91%',
    );
  });

  it('never rounds to 100% while a practice is still out, nor to 0% once one has signed', () => {
    assert.equal(wholePercent(1999, 2000), 99);
    assert.equal(wholePercent(2000, 2000), 100);
    assert.equal(wholePercent(1, 1000), 1);
    assert.equal(wholePercent(0, 0), null);
  });

  it('counts signed, vetoed and not responded per sub-ICB location and in all, ignoring non-members', () => {
    const status = summariseResponses(
      [
        { practiceCode: 'A81001', subIcbCode: '16C' },
        { practiceCode: 'A81002', subIcbCode: '16C' },
        { practiceCode: 'A81004', subIcbCode: '16C' },
        { practiceCode: 'A82001', subIcbCode: '01H' },
      ],
      [
        { practiceCode: 'A81001', decision: 'signed' },
        { practiceCode: 'A81002', decision: 'vetoed' },
        { practiceCode: 'A82001', decision: 'signed' },
        { practiceCode: 'E83003', decision: 'signed' },
      ],
    );
    assert.deepEqual(status.total, { members: 4, signed: 2, vetoed: 1, notResponded: 1, signedPercent: 50 });
    assert.deepEqual(status.bySubIcb, [
      { subIcbCode: '01H', members: 1, signed: 1, vetoed: 0, notResponded: 0, signedPercent: 100 },
      { subIcbCode: '16C', members: 3, signed: 1, vetoed: 1, notResponded: 1, signedPercent: 33 },
    ]);
  });
});

describe('member consultations', () => {
  it('is open from the opening date to the closing date inclusive, and closed after', () => {
    assert.equal(consultationPhase('2026-12-01', '2026-12-31', '2026-11-30'), 'not_yet_open');
    assert.equal(consultationPhase('2026-12-01', '2026-12-31', '2026-12-01'), 'open');
    assert.equal(consultationPhase('2026-12-01', '2026-12-31', '2026-12-31'), 'open');
    assert.equal(consultationPhase('2026-12-01', '2026-12-31', '2027-01-01'), 'closed');
  });

  it('tallies results by option with turnout, and reports a tie', () => {
    const r = tallyVotes(['Yes', 'No', 'Abstain'], [0, 1, 1, 0, 2], 8);
    assert.deepEqual(
      r.options.map((o) => [o.option, o.votes, o.percent]),
      [
        ['Yes', 2, 40],
        ['No', 2, 40],
        ['Abstain', 1, 20],
      ],
    );
    assert.equal(r.votesCast, 5);
    assert.equal(r.electorate, 8);
    assert.equal(r.turnoutPercent, 63);
    assert.deepEqual(r.leading, ['Yes', 'No']);
    const none = tallyVotes(['Yes', 'No'], [], 0);
    assert.equal(none.turnoutPercent, null);
    assert.equal(none.options[0]!.percent, null);
    assert.deepEqual(none.leading, []);
  });

  it('checks a draft: title, question, 2–10 distinct options, real dates, closing on or after opening', () => {
    const good = {
      title: 'Delegated performance management',
      question: 'Should we take on performance management of the GP contract?',
      options: ['Yes', 'No', ''],
      opensOn: '2026-12-01',
      closesOn: '2026-12-31',
    };
    assert.deepEqual(checkConsultationDraft(good), []);
    assert.deepEqual(
      checkConsultationDraft({ ...good, options: ['Yes', 'yes'] }).map((p) => p.field),
      ['options'],
    );
    assert.deepEqual(
      checkConsultationDraft({ ...good, options: ['Only one'] }).map((p) => p.field),
      ['options'],
    );
    assert.deepEqual(
      checkConsultationDraft({ ...good, opensOn: '2026-02-30', closesOn: '2026-01-01' }).map((p) => p.field),
      ['opens_on'],
    );
    assert.deepEqual(
      checkConsultationDraft({ ...good, closesOn: '2026-11-30' }).map((p) => p.message),
      ['The closing date must be on or after the opening date'],
    );
  });
});
