import { costOf } from '../../shared/domain/budget';
import { formatAmount, parseAmount, type Amount } from '../../shared/domain/decimal';
import type { Db } from '../store/database';
import type { HeldBook } from './ledger-book';

interface Row {
  seq: number;
  kind: string;
  reservation_id: string | null;
  amount: string;
  fee: string | null;
  scopes: string | null;
}

interface Res {
  seq: number;
  total: Amount;
  scopes: [string, string][];
  closes: string[];
  spent: Amount;
}

/**
 * Replays the journal and compares it with every projection: spend_totals (reserved/spent per scope and period),
 * the held set the ledger keeps in memory, and ledger_marks.open_from_seq. Also checks each entry on its own: a
 * close names a reservation that exists, closes it once, a settle stays within its reservation. Returns what
 * disagrees (empty = consistent).
 */
export function verifyLedger(db: Db, book: HeldBook): string[] {
  const problems: string[] = [];
  const rows = db.prepare<[], Row>('SELECT seq, kind, reservation_id, amount, fee, scopes FROM ledger_entries ORDER BY seq').all();
  const byId = new Map<string, Res>();
  for (const r of rows) {
    const id = r.reservation_id;
    if (r.kind === 'reserve' && id) {
      byId.set(id, { seq: r.seq, total: parseAmount(r.amount), scopes: JSON.parse(r.scopes ?? '[]') as [string, string][], closes: [], spent: 0n });
      if (parseAmount(r.fee ?? '0') > parseAmount(r.amount)) problems.push(`reservation ${id}: fee ${r.fee} is more than its total ${r.amount}`);
      continue;
    }
    // A reservation's settle carries the fee the wire charged, never more than the reservation held (checked below);
    // a settle without a reservation (reconciliation) carries the platform fee of its payment.
    if (r.kind === 'settle' && r.fee !== null && id?.startsWith('ext_') && formatAmount(costOf(parseAmount(r.amount)).fee) !== r.fee) {
      problems.push(`entry ${r.seq}: fee ${r.fee} is not the platform fee of ${r.amount}`);
    }
    if (!id || !['settle', 'release', 'fee', 'refund'].includes(r.kind)) continue;
    const res = byId.get(id);
    if (!res) {
      if (!id.startsWith('ext_')) problems.push(`entry ${r.seq} (${r.kind}) names ${id}, which has no reserve entry before it`);
      continue;
    }
    if (r.kind === 'settle' || r.kind === 'release') res.closes.push(r.kind);
    if (r.kind === 'settle' && parseAmount(r.amount) + parseAmount(r.fee ?? '0') > res.total) problems.push(`entry ${r.seq}: settles ${r.amount} + ${r.fee ?? '0'} AIT, above reservation ${id}'s ${formatAmount(res.total)} AIT`);
    if (r.kind === 'settle' || r.kind === 'fee') res.spent += parseAmount(r.amount) + parseAmount(r.fee ?? '0');
    if (r.kind === 'refund') res.spent -= parseAmount(r.amount);
  }

  const totals = new Map<string, { reserved: Amount; spent: Amount }>();
  const dbHeld = new Set<string>();
  for (const [id, res] of byId) {
    if (res.closes.length > 1) problems.push(`reservation ${id} is closed ${res.closes.length} times (${res.closes.join(', ')})`);
    const state = res.closes[0] ?? 'held';
    if (state === 'held') dbHeld.add(id);
    for (const [scope, key] of res.scopes) {
      const k = `${scope}\u0000${key}`;
      const t = totals.get(k) ?? { reserved: 0n, spent: 0n };
      if (state === 'held') t.reserved += res.total;
      if (state === 'settle') t.spent += res.spent;
      totals.set(k, t);
    }
  }
  for (const row of db.prepare<[], { scope: string; period_key: string; reserved: string; spent: string }>('SELECT * FROM spend_totals').all()) {
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

  if (!db.inTransaction) book.sync();
  const inMemory = new Map(book.list().map((h) => [h.id, h]));
  for (const id of dbHeld) {
    const h = inMemory.get(id);
    if (!h) problems.push(`reservation ${id} is held in the journal but not in the ledger's held set`);
    else if (h.total !== byId.get(id)?.total) problems.push(`reservation ${id}: held set says ${h.totalText}, journal says ${formatAmount(byId.get(id)?.total ?? 0n)}`);
  }
  for (const id of inMemory.keys()) if (!dbHeld.has(id)) problems.push(`the ledger's held set has ${id}, which the journal does not hold`);
  const openFrom = db.prepare<[], number>("SELECT value FROM ledger_marks WHERE name = 'open_from_seq'").pluck().get() ?? 0;
  for (const id of dbHeld) {
    const seq = byId.get(id)?.seq ?? 0;
    if (seq < openFrom) problems.push(`reservation ${id} is held but below open_from_seq ${openFrom}: a restart would lose it`);
  }
  return problems;
}
