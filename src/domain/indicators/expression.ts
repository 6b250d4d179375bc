// The small expression language for indicators made of imported facts. An expression is a sum of
// fact series, nothing else: no arithmetic beyond + and −, no functions, no eval. It is parsed into a
// list of signed references, which the compute step looks up per practice and period.
//
//   qof_prevalence.register[AF]            a QOF register count
//   qof_prevalence.list[AF]                the list that register is measured against
//   list_size                              the practice's whole list in that QOF year (list type TOTAL)
//   indicator_value.count[91547]           a Fingertips indicator's count at GP level
//   indicator_value.denominator[91547]     … and its denominator
//   local_value.numerator[FLU65]           a template indicator's numerator (or .denominator)
//
// e.g. numerator `qof_prevalence.register[CHD] + qof_prevalence.register[STIA]`, denominator `list_size`.

export type FactReference =
  | { series: 'qof_prevalence.register' | 'qof_prevalence.list'; key: string }
  | { series: 'list_size'; key: null }
  | { series: 'indicator_value.count' | 'indicator_value.denominator'; key: number }
  | { series: 'local_value.numerator' | 'local_value.denominator'; key: string };

export interface SignedReference {
  sign: 1 | -1;
  ref: FactReference;
}

export class ExpressionError extends Error {
  /** 1-based character position in the expression. */
  readonly position: number;
  constructor(message: string, position: number) {
    super(`${message} at character ${position}`);
    this.name = 'ExpressionError';
    this.position = position;
  }
}

const KEYED = new Set([
  'qof_prevalence.register',
  'qof_prevalence.list',
  'indicator_value.count',
  'indicator_value.denominator',
  'local_value.numerator',
  'local_value.denominator',
]);

const TOKEN = /\s*(?:([a-z_]+(?:\.[a-z_]+)?)(?:\[([A-Za-z0-9_.-]+)\])?|([+-]))/y;

/** Parses an expression into signed references. Throws ExpressionError naming the position. */
export function parseExpression(text: string): SignedReference[] {
  const terms: SignedReference[] = [];
  let sign: 1 | -1 = 1;
  let expectTerm = true;
  let at = 0;
  TOKEN.lastIndex = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m)
      throw new ExpressionError(`unexpected '${text.slice(at).trim()[0]}'`, at + 1 + leadingSpace(text, at));
    const position = at + 1 + leadingSpace(text, at);
    at = TOKEN.lastIndex;
    if (m[3]) {
      if (!expectTerm) {
        sign = m[3] === '-' ? -1 : 1;
        expectTerm = true;
        continue;
      }
      if (terms.length === 0 && m[3] === '-')
        throw new ExpressionError('an expression cannot start with −', position);
      throw new ExpressionError(`expected a fact series, found '${m[3]}'`, position);
    }
    if (!expectTerm) throw new ExpressionError(`expected + or −, found '${m[1]}'`, position);
    terms.push({ sign, ref: reference(m[1]!, m[2] ?? null, position) });
    sign = 1;
    expectTerm = false;
  }
  if (terms.length === 0) throw new ExpressionError('expected a fact series', 1);
  if (expectTerm) throw new ExpressionError('expected a fact series after the sign', text.length + 1);
  return terms;
}

function leadingSpace(text: string, at: number): number {
  let n = 0;
  while (at + n < text.length && /\s/.test(text[at + n]!)) n++;
  return n;
}

function reference(series: string, key: string | null, position: number): FactReference {
  if (series === 'list_size') {
    if (key !== null) throw new ExpressionError('list_size takes no [key]', position);
    return { series, key: null };
  }
  if (!KEYED.has(series)) {
    throw new ExpressionError(
      `unknown fact series '${series}' (known: list_size, ${[...KEYED].join(', ')})`,
      position,
    );
  }
  if (key === null)
    throw new ExpressionError(`${series} needs a key in brackets, e.g. ${series}[AF]`, position);
  if (series.startsWith('indicator_value.')) {
    if (!/^\d+$/.test(key))
      throw new ExpressionError(`${series} needs a Fingertips indicator number`, position);
    return { series: series as 'indicator_value.count', key: Number(key) };
  }
  return { series: series as 'qof_prevalence.register', key };
}

/** The expression written back in its canonical form (single spaces, no leading +). */
export function formatExpression(terms: readonly SignedReference[]): string {
  return terms
    .map((t, i) => {
      const ref = t.ref.key === null ? t.ref.series : `${t.ref.series}[${t.ref.key}]`;
      return i === 0 ? ref : `${t.sign === 1 ? '+' : '-'} ${ref}`;
    })
    .join(' ');
}

/** Splits `numerator / denominator` at its one top-level slash. */
export function splitRatio(text: string): { numerator: string; denominator: string } {
  const parts = text.split('/');
  if (parts.length !== 2) {
    throw new ExpressionError('write the indicator as "numerator / denominator" with exactly one /', 1);
  }
  return { numerator: parts[0]!.trim(), denominator: parts[1]!.trim() };
}
