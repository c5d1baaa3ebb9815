import { formatAmount, parseAmount, type Amount } from '../../shared/domain/decimal';
import type { Db } from '../store/database';
import { toRow, type EntryKind, type RawReservation, type ReservationState } from './ledger-types';

/** Rebuilds reservations' states and spend_totals from ledger_entries and compares. */
export function verifyLedger(db: Db): string[] {
  const problems: string[] = [];
  const entries = db.prepare<[], { kind: EntryKind; reservation_id: string | null; amount: string }>(
    'SELECT kind, reservation_id, amount FROM ledger_entries WHERE reservation_id IS NOT NULL ORDER BY seq',
  ).all();
  const byRes = new Map<string, { reserve?: Amount; settle?: Amount; fee?: Amount; release?: Amount; refund: Amount }>();
  for (const e of entries) {
    const m = byRes.get(e.reservation_id!) ?? { refund: 0n };
    if (e.kind === 'refund') m.refund += parseAmount(e.amount);
    else if (e.kind === 'reserve' || e.kind === 'settle' || e.kind === 'fee' || e.kind === 'release') m[e.kind] = parseAmount(e.amount);
    byRes.set(e.reservation_id!, m);
  }
  const totals = new Map<string, { reserved: Amount; spent: Amount }>();
  const bump = (k: string, r: Amount, s: Amount) => {
    const t = totals.get(k) ?? { reserved: 0n, spent: 0n };
    t.reserved += r;
    t.spent += s;
    totals.set(k, t);
  };
  const reservations = db.prepare<[], RawReservation>('SELECT * FROM reservations').all().map(toRow);
  const seen = new Set<string>();
  for (const r of reservations) {
    seen.add(r.id);
    const m = byRes.get(r.id);
    if (!m || m.reserve === undefined) {
      problems.push(`reservation ${r.id} has no reserve entry`);
      continue;
    }
    if (formatAmount(m.reserve) !== r.total) problems.push(`reservation ${r.id}: reserve entry ${formatAmount(m.reserve)} ≠ ${r.total}`);
    const state: ReservationState = m.settle !== undefined ? 'settled' : m.release !== undefined ? 'released' : 'held';
    if (m.settle !== undefined && m.release !== undefined) problems.push(`reservation ${r.id} is both settled and released`);
    if (state !== r.state) problems.push(`reservation ${r.id}: entries say ${state}, row says ${r.state}`);
    const spent = state === 'settled' ? (m.settle ?? 0n) + (m.fee ?? 0n) - m.refund : 0n;
    for (const [scope, key] of r.scopes) bump(`${scope}\u0000${key}`, state === 'held' ? m.reserve : 0n, spent);
  }
  for (const id of byRes.keys()) {
    if (!seen.has(id) && !id.startsWith('ext_')) problems.push(`entries for ${id} have no reservation row`);
  }
  const rows = db.prepare<[], { scope: string; period_key: string; reserved: string; spent: string }>('SELECT * FROM spend_totals').all();
  for (const row of rows) {
    const k = `${row.scope}\u0000${row.period_key}`;
    const t = totals.get(k) ?? { reserved: 0n, spent: 0n };
    totals.delete(k);
    if (parseAmount(row.reserved) !== t.reserved || parseAmount(row.spent) !== t.spent) {
      problems.push(`totals ${row.scope} ${row.period_key}: stored ${row.reserved}/${row.spent}, entries give ${formatAmount(t.reserved)}/${formatAmount(t.spent)}`);
    }
  }
  for (const [k, t] of totals) {
    if (t.reserved !== 0n || t.spent !== 0n) problems.push(`totals ${k.replace('\u0000', ' ')} missing`);
  }
  return problems;
}
