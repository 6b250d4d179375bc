// The payable file: what finance pays, one row per payee, from an approved calculation. A quality
// premium whose distribution the committee decided is paid to the practices as decided (and any
// retained share to the commissioner); otherwise to the commissioner.

import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { authorise } from '../authorise.ts';
import { announcePayableFile } from '../notifications/announce.ts';
import type { NotifyOptions } from '../notifications/notify.ts';
import { requireApproved } from './approval-state.ts';
import { findCalculation } from './context.ts';
import { distributionInForce, distributionsOf } from './distribution.ts';

export const PAYABLE_COLUMNS = [
  'calculation_id',
  'scheme',
  'version',
  'period',
  'payee_code',
  'payee_kind',
  'amount',
  'basis',
  'statements_checksum',
] as const;

export interface PayableRow {
  payeeCode: string;
  payeeKind: 'practice' | 'commissioner';
  amount: number;
  basis: string;
}

export async function payableRows(db: Kysely<Database>, calculationId: number): Promise<PayableRow[]> {
  const totals = await db
    .selectFrom('statement_line')
    .select(['org_code', 'org_kind', 'amount'])
    .where('calculation_id', '=', calculationId)
    .where('line_type', '=', 'total')
    .orderBy('line_no')
    .execute();
  const distributions = await distributionsOf(db, calculationId);
  const rows: PayableRow[] = [];
  for (const t of totals) {
    const inForce = t.org_kind === 'commissioner' ? distributionInForce(distributions, t.org_code) : null;
    if (!inForce?.result) {
      rows.push({ payeeCode: t.org_code, payeeKind: t.org_kind, amount: t.amount, basis: 'statement total' });
      continue;
    }
    const basis = `distribution ${inForce.row.id} (${inForce.row.option}) decided at agenda item ${inForce.row.agenda_item_id}`;
    for (const s of inForce.result.statements)
      if (s.amount !== 0) rows.push({ payeeCode: s.orgCode, payeeKind: 'practice', amount: s.amount, basis });
    if (inForce.result.retained !== 0)
      rows.push({
        payeeCode: t.org_code,
        payeeKind: 'commissioner',
        amount: inForce.result.retained,
        basis: `${basis}: retained`,
      });
  }
  return rows;
}

export async function payableFileCsv(
  db: Kysely<Database>,
  actor: Actor | null,
  calculationId: number,
  /** When given, the practices paid are told (once per calculation) that payments went for processing. */
  announce?: NotifyOptions,
): Promise<string> {
  authorise(actor, 'export_payable');
  const calculation = await findCalculation(db, calculationId);
  await requireApproved(db, calculationId);
  const rows = await payableRows(db, calculationId);
  const cell = (v: string | number): string => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [PAYABLE_COLUMNS.join(',')];
  for (const r of rows)
    lines.push(
      [
        calculation.id,
        calculation.schemeCode,
        calculation.version,
        calculation.period,
        r.payeeCode,
        r.payeeKind,
        r.amount.toFixed(2),
        r.basis,
        calculation.statements_checksum,
      ]
        .map(cell)
        .join(','),
    );
  if (announce) await announcePayableFile(db, calculationId, announce);
  return `${lines.join('\r\n')}\r\n`;
}
