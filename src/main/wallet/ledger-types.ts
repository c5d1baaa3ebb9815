import type { ScopeUsage } from '../../shared/domain/budget';
import type { Amount } from '../../shared/domain/decimal';

/** The ledger's value types: what it stores (entries, reservations) and what its operations take and return. */

/** A limit a reservation counts against, in a concrete period. */
export interface ScopeSpec {
  scope: string;
  label: string;
  periodKey: string;
  limit: Amount | null;
  soft: Amount | null;
}

/** One admission to reserve: its worst-case payment and fee against every scope. */
export interface ReserveInput {
  requestId: string;
  agentId: string;
  model: string;
  minerId: string | null;
  payment: Amount;
  fee: Amount;
  scopes: readonly ScopeSpec[];
  ttlMs: number;
}

export type ReserveResult =
  | { ok: true; id: string; softCrossed: string[]; before: ScopeUsage[] }
  | { ok: false; scope: string; message: string };

export type ReservationState = 'held' | 'settled' | 'released';

/** A reservation: its reserve entry, and its close entry once settled or released. */
export interface ReservationRow {
  id: string;
  requestId: string;
  agentId: string;
  model: string;
  minerId: string | null;
  payment: string;
  fee: string;
  total: string;
  state: ReservationState;
  scopes: [string, string][];
  createdMs: number;
  expiresMs: number;
  closedMs: number | null;
  settledTotal: string | null;
  jobId: string | null;
  receiptId: string | null;
  reason: string | null;
}

export type EntryKind = 'reserve' | 'settle' | 'release' | 'refund' | 'transfer' | 'fee';

/** One ledger entry as history shows it (a settle row with a fee leg shows as two entries with one seq). */
export interface LedgerEntry {
  seq: number;
  atMs: number;
  kind: EntryKind;
  reservationId: string | null;
  agentId: string | null;
  model: string | null;
  minerId: string | null;
  amount: string;
  jobId: string | null;
  receiptId: string | null;
  txHash: string | null;
  counterparty: string | null;
  note: string;
}

/** `excess`: what a settle asked for above the reservation, which was NOT booked (the settle is capped at the reservation). */
export type CloseResult = { changed: true; excess?: Amount } | { changed: false; state: ReservationState | 'unknown' };

/** The AIT ledger (synchronous: each write is one BEGIN IMMEDIATE transaction; `apply` runs a batch in one). */
export interface Ledger {
  reserve(input: ReserveInput): ReserveResult;
  /** Group commit: runs the operations in order in ONE transaction, re-reading the totals under its lock. */
  apply(ops: readonly LedgerOp[]): OpResult[];
  /**
   * Settle to the actual payment (fee: `ref.fee` as the chain charged it, else the 2.5 % rule), never above what the
   * reservation holds (the rest is reported as `excess`); idempotent: a closed reservation is left as is.
   */
  settle(id: string, actualPayment: Amount, ref: SettleRef): CloseResult;
  release(id: string, reason: string): CloseResult;
  /** Money that came back for a settled reservation (or a job found only by reconciliation). */
  refund(ref: { reservationId: string | null; jobId: string | null; amount: Amount; note: string }): void;
  /** A payment the coordinator made that this ledger never reserved (reconciliation). */
  recordExternalSettle(ref: { jobId: string; receiptId: string | null; payment: Amount; agentId: string | null; note: string }): void;
  recordTransfer(ref: { to: string; amount: Amount; fee: Amount; txHash: string; note?: string }): void;
  usage(scope: string, periodKey: string): { reserved: Amount; spent: Amount };
  reservation(id: string): ReservationRow | null;
  reservationByJob(jobId: string): ReservationRow | null;
  held(): ReservationRow[];
  /** Releases held reservations whose expiry passed (crash recovery and lost jobs). */
  expire(nowMs: number): number;
  entries(opts?: { limit?: number; beforeSeq?: number; sinceMs?: number; kinds?: readonly EntryKind[] }): LedgerEntry[];
  /** Recomputes every projection from the entries; returns what disagrees (empty = consistent). */
  verify(): string[];
}

/** One queued ledger change (group commit). */
export type LedgerOp =
  | { kind: 'reserve'; input: ReserveInput }
  | { kind: 'settle'; id: string; actualPayment: Amount; ref: SettleRef }
  | { kind: 'release'; id: string; reason: string };

/** Where a settlement came from. */
export interface SettleRef {
  jobId: string;
  receiptId?: string | null;
  note?: string;
  /** The fee the wire really charged (v0.25: the lock's chain fee); absent → the 2.5 % platform fee (c27c654). */
  fee?: Amount;
}

export type OpResult = ReserveResult | CloseResult;
