import { pythonJsonDumps, type JsonObject } from './canonical-json';
import { SCALE, type Amount } from './decimal';

/**
 * The AITBC v0.25 `ESCROW_LOCK` transaction (aitbc-v0.25.md §1 A): built by the coordinator's
 * `PaymentService._build_escrow_lock_tx` and by the CLI (`cli/aitbc_cli/commands/ai.py`) in the same shape,
 * signed by the buyer over keccak256 of the sorted compact JSON below (raw secp256k1, no EIP-191 prefix).
 * Pure: the client signs it and the devnet checks it, each with its own keccak.
 */
export interface EscrowLockInput {
  buyer: string;
  /** The node wallet: the chain's `GET /health` → `proposer_id`. */
  nodeWallet: string;
  units: bigint;
  fee: bigint;
  nonce: number;
  chainId: string;
  jobId: string;
  provider: string;
}

export function escrowLockTx(t: EscrowLockInput): JsonObject {
  return {
    from: t.buyer,
    to: t.nodeWallet,
    amount: t.units,
    fee: t.fee,
    nonce: t.nonce,
    type: 'ESCROW_LOCK',
    chain_id: t.chainId,
    payload: { action: 'escrow_lock', job_id: t.jobId, provider: t.provider },
  };
}

/** What is hashed and signed: the transaction without `signature`/`sig`, keys sorted, compact, ASCII (`_sign_escrow_lock_tx`). */
export function txSigningJson(tx: JsonObject): string {
  const { signature: _s, sig: _g, ...rest } = tx;
  return pythonJsonDumps(rest, { sortKeys: true, ensureAscii: true });
}

/** The escrow fee rule, still `max(36, amount // 100)` in units (v0.25.6 comment, id 66433411731). */
export const escrowLockFee = (units: bigint): bigint => (units / 100n > 36n ? units / 100n : 36n);
/** `ait_to_units`: truncating (units module, id 57938436779). */
export const aitToUnits = (ait: Amount, unitsPerAit: bigint): bigint => (ait * unitsPerAit) / SCALE;
/** Units → exact AIT (18 dp), truncating: the same conversion on both sides of a lock. */
export const unitsToAtto = (units: bigint, unitsPerAit: bigint): Amount => (units * SCALE) / unitsPerAit;
