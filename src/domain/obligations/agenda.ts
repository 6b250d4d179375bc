import { flagPositionWords } from '../judgment/flag-words.ts';
import { formatEnGB } from '../numbers.ts';
/**
 * A practice review meeting's agenda, built from what is known about the practice when the papers
 * go out: its flags on the latest published scorecard, its overdue returns, and the actions still
 * open from earlier meetings (each to be followed up). Pure: the app gathers the facts.
 */
export interface AgendaFlag {
  indicatorCode: string;
  indicatorName: string;
  period: string;
  flag: string;
  value: number | null;
}

export interface AgendaOverdueItem {
  itemId: number;
  what: string;
  period: string;
  dueOn: string;
}

export interface AgendaOpenAction {
  actionId: number;
  action: string;
  owner: string;
  dueOn: string;
  fromMeetingOn: string;
}

export interface AgendaEntry {
  kind: 'standing' | 'flag' | 'overdue' | 'follow_up';
  title: string;
  detail: string;
  ref: string | null;
}

export interface AgendaFacts {
  practiceName: string;
  releaseName: string | null;
  flags: readonly AgendaFlag[];
  overdue: readonly AgendaOverdueItem[];
  openActions: readonly AgendaOpenAction[];
}

export function buildAgenda(facts: AgendaFacts): AgendaEntry[] {
  const entries: AgendaEntry[] = [
    {
      kind: 'standing',
      title: 'Welcome and the practice’s own update',
      detail: `${facts.practiceName} sets out its context: population, staffing, anything the figures do not show.`,
      ref: null,
    },
  ];
  for (const a of facts.openActions)
    entries.push({
      kind: 'follow_up',
      title: `Follow-up: ${a.action}`,
      detail: `Agreed at the meeting of ${a.fromMeetingOn}; owner ${a.owner}; due ${a.dueOn}.`,
      ref: `action:${a.actionId}`,
    });
  for (const f of facts.flags)
    entries.push({
      kind: 'flag',
      title: `${f.indicatorName} (${f.period})`,
      detail: `${flagPositionWords(f.flag) ? `Value ${flagPositionWords(f.flag)}` : `Flagged ${f.flag}`} on release ${facts.releaseName ?? '—'}${f.value === null ? '' : `; value ${roundForPeople(f.value)}`}.`,
      ref: `indicator:${f.indicatorCode}`,
    });
  for (const o of facts.overdue)
    entries.push({
      kind: 'overdue',
      title: `Overdue: ${o.what} (${o.period})`,
      detail: `Due on ${o.dueOn} and not yet made.`,
      ref: `item:${o.itemId}`,
    });
  entries.push({
    kind: 'standing',
    title: 'Actions, owners and dates; date of the next review',
    detail: 'Each action is recorded with an owner and a date, and followed up at the next meeting.',
    ref: null,
  });
  return entries;
}

/** A value as people read it: at most 3 significant figures past the point (5.32, 12.5, 1,234). */
function roundForPeople(v: number): string {
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return formatEnGB(v, { maximumFractionDigits: digits });
}
