// An agreement whose clauses carry obligations: a monthly scorecard review naming two built-in QOF
// indicators, and quarterly review meetings (test/app/obligations.test.ts, test/web/obligations.test.ts).
export const OBLIGATIONS_BODY = `# Tees Valley quality agreement

## 1. Prescribing review {benchmarking}
Each practice reviews its prescribing and referral patterns, as a minimum, on a monthly basis.

Obligation: Review of the practice's figures against the scorecard
- Cadence: monthly
- Evidence: scorecard review
- Indicators: QOF-PREV-DM, QOF-PREV-HYP
- Due: 10 days after each period

## 2. Review meetings {meetings-reviews}
Quarterly face-to-face reviews between each practice and the commissioner.

Obligation: Quarterly practice review meeting
- Cadence: quarterly
- Evidence: review meeting

## 3. The LMC {lmc-role}
The LMC is consulted on this agreement.
`;
