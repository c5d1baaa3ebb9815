import { createHash } from 'node:crypto';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import { detail } from './http-util';
import type { DevnetDb } from './devnet-db';

/** Escrow account for in-flight job payments; the platform account collects nothing on the devnet. */
export const ESCROW_ADDRESS = '0x00000000000000000000000000000000e5c70000';

/** Devnet play-money ledger: balances as exact decimal strings, every movement recorded. */
export interface Ledger {
  balance(address: string): string;
  /** Faucet credit (play money). */
  credit(address: string, amount: string, kind: string, jobId?: string | null): void;
  /** Moves `amount` from → to atomically; refuses to overdraw (400). */
  transfer(from: string, to: string, amount: string, kind: string, jobId?: string | null): string;
  entries(address: string, limit?: number): { at: string; delta: string; kind: string; job_id: string | null }[];
}

export function createLedger(db: DevnetDb): Ledger {
  const get = db.prepare<[string], { balance: string }>('SELECT balance FROM accounts WHERE address = ?');
  const put = db.prepare('INSERT INTO accounts (address, balance) VALUES (?, ?) ON CONFLICT(address) DO UPDATE SET balance = excluded.balance');
  const log = db.prepare('INSERT INTO ledger (at, address, delta, kind, job_id) VALUES (?, ?, ?, ?, ?)');
  const list = db.prepare<[string, number], { at: string; delta: string; kind: string; job_id: string | null }>('SELECT at, delta, kind, job_id FROM ledger WHERE address = ? ORDER BY id DESC LIMIT ?');
  const key = (a: string) => a.toLowerCase();
  const bal = (a: string) => parseAmount(get.get(key(a))?.balance ?? '0');
  const move = (address: string, delta: bigint, kind: string, jobId: string | null) => {
    put.run(key(address), formatAmount(bal(address) + delta));
    log.run(new Date().toISOString(), key(address), formatAmount(delta), kind, jobId);
  };
  return {
    balance: (a) => formatAmount(bal(a)),
    credit(a, amount, kind, jobId = null) {
      const v = parseAmount(amount);
      if (v <= 0n) throw detail(400, `A credit must be more than 0 AITBC (got ${amount})`);
      db.transaction(() => move(a, v, kind, jobId))();
    },
    transfer(from, to, amount, kind, jobId = null) {
      const v = parseAmount(amount);
      if (v < 0n) throw detail(400, `A transfer cannot be negative (got ${amount})`);
      return db.transaction(() => {
        if (bal(from) < v) throw detail(400, `Insufficient balance: ${formatAmount(bal(from))} AITBC available, ${formatAmount(v)} needed`);
        move(from, -v, kind, jobId);
        move(to, v, kind, jobId);
        return '0x' + createHash('sha256').update(`${kind}:${jobId ?? ''}:${from}:${to}:${amount}:${Date.now()}`).digest('hex');
      })();
    },
    entries: (a, limit = 50) => list.all(key(a), limit),
  };
}
