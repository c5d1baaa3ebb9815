import { z } from 'zod';
import type { JsonObject, JsonValue } from '../../shared/domain/canonical-json';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import type { DevnetDb } from './devnet-db';
import type { Req, Route } from './devnet-routes';
import { detail, losslessObject, parseJsonBody, parseWith } from './http-util';
import type { Ledger } from './ledger';
import { aitToUnits, unitsToAtto } from '../../shared/domain/escrow-lock';
import { recoverTxSigner, txSigningHash } from './devnet-wire';

/**
 * The devnet's slice of the AITBC chain RPC (aitbc.md §9.1–9.2): account (balance in integer units + nonce),
 * a balance breakdown, and signed TRANSFER transactions. Balances stay in the devnet's AIT ledger (one source
 * of truth with escrow); nonces live next to it in the same database. Units per AIT depend on the wire
 * (36,000,000 on v0.25 chains, 3,600 at c27c654; see devnet-wire.ts).
 */

/** The chain id the devnet signs and verifies transactions over. */
export const DEVNET_CHAIN_ID = 'clawgrid-devnet';
/** The chain's minimum transfer fee in compute-seconds (what the wallet sends by default). */
export const MIN_FEE_CS = 36n;
/** Fees go to the (devnet) block proposer. */
export const FEE_COLLECTOR_ADDRESS = '0x00000000000000000000000000000000000fee00';

const ADDRESS = /^0x[a-fA-F0-9]{40}$/;
const intLike = z.union([z.number().int().nonnegative(), z.bigint().nonnegative()]);
const txSchema = z.object({
  from: z.string(),
  to: z.string(),
  amount: intLike,
  fee: intLike.default(0),
  nonce: z.number().int().nonnegative(),
  type: z.string().default('TRANSFER'),
  payload: z.record(z.string(), z.unknown()).default({}),
  chain_id: z.string().nullish(),
  signature: z.string(),
});

const refuse = (why: string) => detail(400, `Failed to submit transaction: ${why}`);

/** Accounts as the chain sees them: existence, nonce, balance in units. Shared by transfers and escrow locks. */
export interface ChainAccounts {
  readonly unitsPerAit: bigint;
  exists(address: string): boolean;
  nonceOf(address: string): number;
  bumpNonce(address: string, expected: number): void;
  balanceUnits(address: string): bigint;
  /** Units → the ledger's AIT decimal string, truncating. */
  ait(units: bigint): string;
}

export function chainAccounts(db: DevnetDb, ledger: Ledger, unitsPerAit: bigint): ChainAccounts {
  const getNonce = db.prepare<[string], { nonce: number }>('SELECT nonce FROM chain_nonces WHERE address = ?');
  const setNonce = db.prepare('INSERT INTO chain_nonces (address, nonce) VALUES (?, ?) ON CONFLICT(address) DO UPDATE SET nonce = excluded.nonce');
  const existsQ = db.prepare<[string], { address: string }>('SELECT address FROM accounts WHERE address = ?');
  const nonceOf = (a: string) => getNonce.get(a.toLowerCase())?.nonce ?? 0;
  return {
    unitsPerAit,
    exists: (a) => !!existsQ.get(a.toLowerCase()),
    nonceOf,
    bumpNonce: (a, expected) => void setNonce.run(a.toLowerCase(), expected + 1),
    balanceUnits: (a) => aitToUnits(parseAmount(ledger.balance(a)), unitsPerAit),
    ait: (units) => formatAmount(unitsToAtto(units, unitsPerAit)),
  };
}

export function devnetChainRoutes(db: DevnetDb, ledger: Ledger, chain: ChainAccounts): Route[] {
  const { nonceOf } = chain;
  const account = (r: Req) => {
    const addr = (r.params[0] as string).toLowerCase();
    const ait = ledger.balance(addr);
    // balance like the chain: integer units (truncating); the exact AIT for convenience
    return { address: addr, balance: chain.balanceUnits(addr), balance_ait: ait, nonce: nonceOf(addr), chain_id: DEVNET_CHAIN_ID };
  };

  async function submit(r: Req): Promise<JsonValue> {
    const plain = parseWith(txSchema, parseJsonBody(r.body, r.requestId), r.requestId);
    const raw = losslessObject(r.body);
    if (!ADDRESS.test(plain.from)) throw refuse('invalid sender address');
    if (!ADDRESS.test(plain.to)) throw refuse('invalid recipient address');
    if (plain.type !== 'TRANSFER') throw refuse(`unsupported transaction type ${plain.type}`);
    const chainId = plain.chain_id ?? DEVNET_CHAIN_ID;
    if (chainId !== DEVNET_CHAIN_ID) throw refuse(`wrong chain id ${chainId} (this chain is ${DEVNET_CHAIN_ID})`);
    // Like the node: payload.to / payload.amount are filled in before verification when absent.
    const payload: JsonObject = { ...(raw.payload && typeof raw.payload === 'object' && !Array.isArray(raw.payload) ? (raw.payload as JsonObject) : {}) };
    const withDefaults: JsonObject = { ...payload, to: payload.to ?? raw.to, amount: payload.amount ?? raw.amount };
    const signed: JsonObject = { amount: raw.amount, chain_id: chainId, fee: raw.fee ?? 0, from: raw.from, nonce: raw.nonce, payload: withDefaults, to: raw.to, type: plain.type };
    const hash = txSigningHash(signed);
    const signer = await recoverTxSigner(hash, plain.signature);
    if (!signer || signer !== plain.from.toLowerCase()) throw refuse('invalid signature');

    const amount = BigInt(plain.amount);
    const fee = BigInt(plain.fee);
    if (fee < MIN_FEE_CS) throw refuse(`fee ${fee} is below the minimum of ${MIN_FEE_CS} compute-seconds`);
    if (amount <= 0n) throw refuse('amount must be positive');
    const from = plain.from.toLowerCase();
    const to = plain.to.toLowerCase();
    // Checks and effects in one SQLite transaction: nonce, balance, both movements and the nonce bump.
    db.transaction(() => {
      if (!chain.exists(from)) throw refuse(`account ${from} not found`);
      const expected = nonceOf(from);
      if (plain.nonce !== expected) throw refuse(`invalid nonce ${plain.nonce}, expected ${expected}`);
      const have = chain.balanceUnits(from);
      if (have < amount + fee) throw refuse(`insufficient balance: ${have} units, needs ${amount + fee} (amount + fee)`);
      ledger.transfer(from, to, chain.ait(amount), 'chain_transfer');
      ledger.transfer(from, FEE_COLLECTOR_ADDRESS, chain.ait(fee), 'chain_fee');
      chain.bumpNonce(from, expected);
    })();
    return { success: true, transaction_hash: hash, message: 'Transaction submitted' };
  }

  return [
    { method: 'GET', re: /^\/rpc\/escrow\/([^/]+)$/, level: 'NONE', limit: 200, handle: (r) => escrowView(db, r.params[0] as string) },
    { method: 'GET', re: /^\/rpc\/accounts?\/(0x[a-fA-F0-9]{40})$/, level: 'NONE', limit: 200, handle: account },
    {
      method: 'GET', re: /^\/rpc\/balance\/(0x[a-fA-F0-9]{40})$/, level: 'NONE', limit: 200,
      handle(r) {
        const a = account(r);
        return { ...a, balance_compute_seconds: a.balance, compute_seconds_per_ait: Number(chain.unitsPerAit), units_per_ait: Number(chain.unitsPerAit) };
      },
    },
    { method: 'POST', re: /^\/rpc\/transaction$/, level: 'NONE', limit: 100, handle: submit },
  ];
}

interface Movement { address: string; delta: string; kind: string; at: string }
const ESCROW_STATE: Record<string, string> = { escrowed: 'funded', pending_acceptance: 'job_completed', released: 'released', refunded: 'refunded', disputed: 'disputed' };

/**
 * `GET /rpc/escrow/{job_id}` (rpc/escrow_routes.py, v0.25 shape: state, buyer, provider, amount, released/refunded
 * amounts and the lock/release/refund tx hashes; 404 when the chain holds no escrow for the job). Amounts and the
 * payee are read from what the ledger really moved, so the view says where the money went, not what was asked.
 */
function escrowView(db: DevnetDb, jobId: string): JsonValue {
  const moves = db.prepare<[string], Movement>("SELECT address, delta, kind, at FROM ledger WHERE job_id = ? AND kind IN ('escrow_lock', 'escrow_release', 'escrow_refund') ORDER BY id").all(jobId);
  const lock = db.prepare<[string], { status: string; provider: string; lock_tx: string; release_tx: string | null; refund_tx: string | null; created_at: string }>('SELECT status, provider, lock_tx, release_tx, refund_tx, created_at FROM escrow_locks WHERE job_id = ?').get(jobId);
  const pay = lock ? null : db.prepare<[string], { status: string; transaction_hash: string | null; refund_transaction_hash: string | null; created_at: string }>('SELECT status, transaction_hash, refund_transaction_hash, created_at FROM payments WHERE job_id = ?').get(jobId);
  if (!moves.length || (!lock && !pay)) throw detail(404, `No escrow found for job_id=${jobId}`);
  const credit = (kind: string) => moves.find((m) => m.kind === kind && parseAmount(m.delta) > 0n);
  const locked = credit('escrow_lock');
  const buyer = moves.find((m) => m.kind === 'escrow_lock' && parseAmount(m.delta) < 0n)?.address ?? null;
  const released = credit('escrow_release');
  const refunded = credit('escrow_refund');
  const status = lock?.status ?? pay?.status ?? 'escrowed';
  return {
    job_id: jobId, contract_id: null, state: released ? 'released' : refunded ? 'refunded' : (ESCROW_STATE[status] ?? 'funded'), buyer, provider: released?.address ?? lock?.provider ?? null,
    amount: locked ? formatAmount(parseAmount(locked.delta)) : '0', released_amount: released ? formatAmount(parseAmount(released.delta)) : '0',
    refunded_amount: refunded ? formatAmount(parseAmount(refunded.delta)) : '0', created_at: lock?.created_at ?? pay?.created_at ?? null,
    released_at: released?.at ?? null, refunded_at: refunded?.at ?? null, status,
    lock_tx_hash: lock?.lock_tx ?? null, release_tx_hash: lock ? lock.release_tx : released ? (pay?.transaction_hash ?? null) : null, refund_tx_hash: lock?.refund_tx ?? pay?.refund_transaction_hash ?? null,
  };
}
