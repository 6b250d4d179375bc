// The scheme inputs read from files rather than the store: a participants CSV (who consented, joined
// and left) and a JSON inputs file (commissioner-level premiums, hand-made what-ifs).
import { readFile } from 'node:fs/promises';
import {
  emptyCounts,
  type Participation,
  practiceInput,
  type SchemeInputs,
} from '../../domain/schemes/inputs.ts';
import { SchemeInputsError } from './inputs-error.ts';

/** Reads a participants CSV: practice_code, consented_on, joined_on, left_on (dates may be blank). */
export async function readParticipantsFile(path: string): Promise<Map<string, Participation>> {
  const text = await readFile(path, 'utf8');
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim().toLowerCase());
  const at = (name: string) => header.indexOf(name);
  if (at('practice_code') < 0 || at('consented_on') < 0) {
    throw new SchemeInputsError(`${path}: expected columns practice_code, consented_on, joined_on, left_on`);
  }
  const date = (cells: string[], name: string, line: number): string | null => {
    const i = at(name);
    const value = i < 0 ? '' : (cells[i] ?? '').trim();
    if (value === '') return null;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
      throw new SchemeInputsError(
        `${path} line ${line}, column ${name}: expected a date as YYYY-MM-DD, found '${value}'`,
      );
    return value;
  };
  const result = new Map<string, Participation>();
  lines.forEach((line, index) => {
    const cells = line.split(',');
    const n = index + 2;
    const code = (cells[at('practice_code')] ?? '').trim();
    if (code === '')
      throw new SchemeInputsError(`${path} line ${n}, column practice_code: expected a practice code`);
    result.set(code, {
      consentedOn: date(cells, 'consented_on', n),
      joinedOn: date(cells, 'joined_on', n),
      leftOn: date(cells, 'left_on', n),
    });
  });
  return result;
}

/** Reads a JSON inputs file (SchemeInputs, docs/schemes.md "Inputs files"), filling omitted fields. */
export async function readInputsFile(path: string): Promise<SchemeInputs> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new SchemeInputsError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const o = value as Partial<SchemeInputs> | null;
  if (!o || typeof o !== 'object' || typeof o.period !== 'string') {
    throw new SchemeInputsError(
      `${path}: expected an object with "period" and "practices" or "commissioners"`,
    );
  }
  const practices = (o.practices ?? []).map((p) => ({
    ...practiceInput(p.practiceCode, p.listSize ?? null),
    ...p,
    indicators: Object.fromEntries(
      Object.entries(p.indicators ?? {}).map(([k, c]) => [k, { ...emptyCounts(), ...c }]),
    ),
    baseline: Object.fromEntries(
      Object.entries(p.baseline ?? {}).map(([k, c]) => [k, { ...emptyCounts(), ...c }]),
    ),
  }));
  const commissioners = (o.commissioners ?? []).map((c) => ({
    commissionerCode: c.commissionerCode,
    registeredPatients: c.registeredPatients ?? null,
    measures: c.measures ?? {},
    gateways: c.gateways ?? {},
    standards: c.standards ?? {},
  }));
  return { period: o.period, source: o.source ?? `inputs file ${path}`, practices, commissioners };
}
