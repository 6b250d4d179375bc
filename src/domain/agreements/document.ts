/**
 * An agreement document is one Markdown text: an optional title (`# …`) and preamble, then one
 * clause per level-2 heading, whose tag is written in braces at the heading's end:
 *
 *   ## 4. Quarterly review meetings {meetings-reviews}
 *
 * One text keeps a version easy to write, diff and print; the braces make each clause's kind
 * explicit, so nothing is guessed from the prose. Parsing is strict and names the line at fault.
 */
import { CLAUSE_TAGS, type Clause, parseClauseTag, tagSlug } from './clauses.ts';

export interface ParsedDocument {
  title: string | null;
  /** Markdown before the first clause (without the title line). */
  preamble: string;
  clauses: Clause[];
}

export interface DocumentProblem {
  /** 1-based line of the text, or null for the document as a whole. */
  line: number | null;
  message: string;
}

export type ParseOutcome =
  | { ok: true; document: ParsedDocument }
  | { ok: false; problems: DocumentProblem[] };

export const MAX_DOCUMENT_LENGTH = 100_000;
const TAG_LIST = CLAUSE_TAGS.map((t) => `{${tagSlug(t)}}`).join(', ');

export function parseAgreementDocument(markdown: string): ParseOutcome {
  const problems: DocumentProblem[] = [];
  if (markdown.length > MAX_DOCUMENT_LENGTH) {
    return {
      ok: false,
      problems: [{ line: null, message: `the document is longer than ${MAX_DOCUMENT_LENGTH} characters` }],
    };
  }
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let title: string | null = null;
  const preamble: string[] = [];
  const clauses: Clause[] = [];
  let current: { heading: string; tag: Clause['tag']; body: string[] } | null = null;
  let inCode = false;

  const finish = (): void => {
    if (!current) return;
    clauses.push({
      position: clauses.length + 1,
      heading: current.heading,
      tag: current.tag,
      body: current.body.join('\n').trim(),
    });
  };

  lines.forEach((line, i) => {
    if (/^\s*```/.test(line)) inCode = !inCode;
    const h1 = inCode ? null : /^#\s+(.+?)\s*#*\s*$/.exec(line);
    const h2 = inCode ? null : /^##\s+(.+?)\s*$/.exec(line);
    if (h1 && title === null && !current && preamble.every((p) => p.trim() === '')) {
      title = h1[1]!;
      return;
    }
    if (!h2) {
      (current ? current.body : preamble).push(line);
      return;
    }
    finish();
    current = null;
    const m = /^(.*?)\s*\{([^{}]*)\}$/.exec(h2[1]!);
    if (!m) {
      problems.push({
        line: i + 1,
        message: `the clause heading '${h2[1]}' has no tag: end it with one of ${TAG_LIST}`,
      });
      return;
    }
    const tag = parseClauseTag(m[2]!);
    if (!tag) {
      problems.push({ line: i + 1, message: `'{${m[2]}}' is not a clause tag: use one of ${TAG_LIST}` });
      return;
    }
    if (m[1]!.trim() === '') {
      problems.push({ line: i + 1, message: 'the clause heading has a tag but no words' });
      return;
    }
    current = { heading: m[1]!.trim(), tag, body: [] };
  });
  finish();

  if (clauses.length === 0 && problems.length === 0) {
    problems.push({
      line: null,
      message: 'the document has no clauses: start each clause with a line like ## 1. Purpose {other}',
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, document: { title, preamble: preamble.join('\n').trim(), clauses } };
}
