// What a scheme's practice inputs carry besides their counts (inputs.ts): each practice's list and
// registers as of the period's end (the day `asOfDate` names), its peers in the release, and the
// practices in code order.
import type { Kysely } from 'kysely';
import { periodEndDate } from '../../domain/indicators/periods.ts';
import { listNote } from '../../domain/population/as-of.ts';
import type { SchemeDefinition } from '../../domain/schemes/definition.ts';
import { type PracticeInput, practiceInput, type SchemeInputs } from '../../domain/schemes/inputs.ts';
import { compareCodes } from '../../domain/schemes/statement.ts';
import type { Database } from '../../store/schema.ts';
import { loadPracticesAsOf, practicesAsOfFor } from '../population/practices-as-of.ts';
import { SchemeInputsError } from './inputs-error.ts';

/** The day a scheme period's practices and lists are taken as of: 31 March for a financial year. */
export function asOfDate(period: string): string {
  const date =
    periodEndDate(period, 'financial_year') ??
    periodEndDate(period, 'month') ??
    periodEndDate(period, 'quarter');
  if (date === null) throw new SchemeInputsError(`cannot tell the end of the period ${period}`);
  return date;
}

/**
 * Registers from the QOF prevalence facts of the year; the practices and their lists from the "as of"
 * rule at the year's end. Practices the rule leaves out (closed, dormant, moved, not in `scope`) are
 * removed from the inputs and listed with the reason.
 */
export async function addListsAndRegisters(
  db: Kysely<Database>,
  practices: Map<string, PracticeInput>,
  year: string,
  scope: string | null,
): Promise<NonNullable<SchemeInputs['asOf']>> {
  const date = asOfDate(year);
  const rule = scope
    ? await loadPracticesAsOf(db, scope, date)
    : await practicesAsOfFor(db, null, [...practices.keys()], date);
  const open = new Map(rule.practices.map((p) => [p.code, p]));
  // Every open practice of the scope is calculated, with or without counts (its statement says which).
  if (scope)
    for (const code of open.keys()) if (!practices.has(code)) practices.set(code, practiceInput(code, null));
  const leftOut = rule.leftOut
    .filter((p) => practices.has(p.code))
    .map((p) => ({ code: p.code, reason: p.reason }));
  for (const code of [...practices.keys()]) {
    const p = open.get(code);
    if (!p) {
      if (!leftOut.some((l) => l.code === code))
        leftOut.push({
          code,
          reason: scope ? `not a practice of ${scope} on ${date}` : `not known on ${date}`,
        });
      practices.delete(code);
      continue;
    }
    const practice = practices.get(code)!;
    practice.listSize = p.list?.patients ?? null;
    practice.listSource = listNote(p, date);
  }
  leftOut.sort((a, b) => compareCodes(a.code, b.code));
  if (practices.size === 0) return { organisationCode: scope, date, leftOut };
  const prevalence = await db
    .selectFrom('qof_prevalence')
    .select(['practice_code', 'group_code', 'register', 'patient_list_size'])
    .where('qof_year', '=', year)
    .where('practice_code', 'in', [...practices.keys()])
    .execute();
  for (const r of prevalence) {
    const practice = practices.get(r.practice_code);
    if (!practice || r.patient_list_size === null) continue;
    practice.registers[r.group_code] = { register: r.register, listSize: r.patient_list_size };
  }
  return { organisationCode: scope, date, leftOut };
}

/**
 * Where the year's prevalence file is not held, a group's register from the achievement file's REGISTER
 * count of one of its indicators, measured against the practice's list of the year (the TOTAL list:
 * an approximation for age-restricted groups). Returns how many registers were taken so.
 */
export function registersFromAchievement(
  scheme: SchemeDefinition,
  practices: Map<string, PracticeInput>,
): number {
  if (scheme.kind !== 'qof') return 0;
  let taken = 0;
  for (const practice of practices.values()) {
    if (practice.listSize === null || practice.listSize <= 0) continue;
    for (const indicator of scheme.indicators) {
      const group = indicator.prevalenceGroup;
      if (group === null || practice.registers[group]) continue;
      const register = practice.indicators[indicator.code]?.register ?? null;
      if (register === null) continue;
      practice.registers[group] = { register, listSize: practice.listSize };
      taken++;
    }
  }
  return taken;
}

export async function addPeers(
  db: Kysely<Database>,
  releaseId: number,
  practices: Map<string, PracticeInput>,
): Promise<void> {
  const rows = await db
    .selectFrom('peer')
    .select(['practice_code', 'peer_code'])
    .where('release_id', '=', releaseId)
    .orderBy('practice_code')
    .orderBy('rank')
    .execute();
  for (const r of rows) practices.get(r.practice_code)?.peers.push(r.peer_code);
}

export function sorted(practices: Map<string, PracticeInput>): PracticeInput[] {
  return [...practices.values()].sort((a, b) => compareCodes(a.practiceCode, b.practiceCode));
}
