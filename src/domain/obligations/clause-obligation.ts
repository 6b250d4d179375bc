/**
 * An agreement clause can carry an obligation: what the practices that signed it must do, how often,
 * with what evidence, and which catalogue indicators it is about. It is written inside the clause as
 * a line starting `Obligation:` followed by a list of `- Key: value` lines, which read as plain
 * prose on the agreement's page and are parsed here:
 *
 *   ## 7. Prescribing review {benchmarking}
 *   Each practice reviews its prescribing and referral patterns, as a minimum, monthly.
 *
 *   Obligation: Review of prescribing and referral figures against the practice scorecard
 *   - Cadence: monthly
 *   - Evidence: scorecard review
 *   - Indicators: DEMO-DNA, QOF-DM-PREV
 *   - Due: 10 days after each period
 *
 * Keys: Cadence (monthly, quarterly, annual) and Evidence (statement, file, scorecard review,
 * financial return, review meeting) are required; Indicators (catalogue codes, comma-separated) is
 * required for a scorecard review; Due (N days after each period) defaults to 14 days (0 for a
 * review meeting, which is held within its quarter). Strict, with the line at fault named.
 */
import { CADENCES, type Cadence } from './periods.ts';

export const EVIDENCE_KINDS = [
  'statement',
  'file',
  'scorecard_review',
  'financial_return',
  'review_meeting',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const EVIDENCE_LABELS: Record<EvidenceKind, string> = {
  statement: 'A written statement',
  file: 'A file (a portfolio, a report)',
  scorecard_review: 'A recorded review of the practice’s scorecard figures',
  financial_return: 'A financial return in the defined template',
  review_meeting: 'A practice review meeting with the commissioner',
};

export interface ClauseObligation {
  /** The clause (1-based position in the document) that carries it. */
  clausePosition: number;
  what: string;
  cadence: Cadence;
  evidence: EvidenceKind;
  indicatorCodes: string[];
  dueDays: number;
  /** 1-based line of the `Obligation:` line. */
  line: number;
  /** 1-based line of its `- Indicators:` line, if any (for the catalogue check's message). */
  indicatorsLine: number | null;
}

export interface ObligationProblem {
  line: number;
  message: string;
}

export const DEFAULT_DUE_DAYS = 14;
const KEYS = ['cadence', 'evidence', 'indicators', 'due'] as const;

function norm(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

interface OpenObligation {
  start: number;
  what: string;
  fields: Map<string, { value: string; line: number }>;
}

/** One obligation block, checked: the obligation it states, or the first problem with it. */
function readObligation(
  block: OpenObligation,
  clause: number,
  obligations: readonly ClauseObligation[],
): ClauseObligation | ObligationProblem {
  const { start, what, fields } = block;
  const problem = (message: string, line = start): ObligationProblem => ({ line, message });
  if (clause === 0) return problem('an obligation must be inside a clause (after a ## heading)');
  if (obligations.some((o) => o.clausePosition === clause))
    return problem('a clause carries at most one obligation');
  if (what === '') return problem('say what the obligation is after "Obligation:"');
  const cadenceText = fields.get('cadence');
  const cadence = cadenceText ? norm(cadenceText.value) : '';
  if (!(CADENCES as readonly string[]).includes(cadence))
    return problem(
      `the obligation needs "- Cadence:" with one of ${CADENCES.join(', ')}`,
      cadenceText?.line ?? start,
    );
  const evidenceText = fields.get('evidence');
  const evidence = evidenceText ? norm(evidenceText.value) : '';
  if (!(EVIDENCE_KINDS as readonly string[]).includes(evidence))
    return problem(
      `the obligation needs "- Evidence:" with one of ${EVIDENCE_KINDS.map((e) => e.replaceAll('_', ' ')).join(', ')}`,
      evidenceText?.line ?? start,
    );
  const indicatorText = fields.get('indicators');
  const indicatorCodes = indicatorText
    ? indicatorText.value
        .split(',')
        .map((c) => c.trim().toUpperCase())
        .filter((c) => c !== '')
    : [];
  const badCode = indicatorCodes.find((c) => !/^[A-Z0-9][A-Z0-9_.-]{0,63}$/.test(c));
  if (badCode) return problem(`'${badCode}' is not an indicator code`, indicatorText!.line);
  if (evidence === 'scorecard_review' && indicatorCodes.length === 0)
    return problem('a scorecard review needs "- Indicators:" naming the catalogue indicators it reviews');
  const dueText = fields.get('due');
  let dueDays = evidence === 'review_meeting' ? 0 : DEFAULT_DUE_DAYS;
  if (dueText) {
    const m = /^(\d{1,3})\s+days?\b/i.exec(dueText.value.trim());
    if (!m || Number(m[1]) > 366)
      return problem(
        'write the due date as "- Due: N days after each period" (N from 0 to 366)',
        dueText.line,
      );
    dueDays = Number(m[1]);
  }
  return {
    clausePosition: clause,
    what,
    cadence: cadence as Cadence,
    evidence: evidence as EvidenceKind,
    indicatorCodes: [...new Set(indicatorCodes)],
    dueDays,
    line: start,
    indicatorsLine: indicatorText?.line ?? null,
  };
}

/** Reads every obligation in an agreement document (one per clause at most). */
export function parseObligations(markdown: string): {
  obligations: ClauseObligation[];
  problems: ObligationProblem[];
} {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const obligations: ClauseObligation[] = [];
  const problems: ObligationProblem[] = [];
  let clause = 0;
  let inCode = false;
  let open: OpenObligation | null = null;

  const close = (): void => {
    if (!open) return;
    const block = open;
    open = null;
    const read1 = readObligation(block, clause, obligations);
    if ('clausePosition' in read1) obligations.push(read1);
    else problems.push(read1);
  };

  lines.forEach((line, i) => {
    if (/^\s*```/.test(line)) inCode = !inCode;
    if (inCode) return;
    if (/^##\s+/.test(line)) {
      close();
      clause++;
      return;
    }
    const start = /^obligation:\s*(.*)$/i.exec(line.trim());
    if (start) {
      close();
      open = { start: i + 1, what: start[1]!.trim(), fields: new Map() };
      return;
    }
    if (!open) return;
    const field = /^\s*[-*]\s+([A-Za-z ]+?)\s*:\s*(.*)$/.exec(line);
    if (field) {
      const key = norm(field[1]!);
      if (!(KEYS as readonly string[]).includes(key)) {
        problems.push({
          line: i + 1,
          message: `'${field[1]}' is not an obligation key: use ${KEYS.map((k) => k[0]!.toUpperCase() + k.slice(1)).join(', ')}`,
        });
        return;
      }
      if (open.fields.has(key)) {
        problems.push({ line: i + 1, message: `'${field[1]}' is given twice` });
        return;
      }
      open.fields.set(key, { value: field[2]!, line: i + 1 });
      return;
    }
    close();
  });
  close();
  return { obligations, problems };
}
