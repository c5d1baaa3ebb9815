import { keccak256, recoverAddress, toBytes, type Hex } from 'viem';
import type { JsonObject } from '../../shared/domain/canonical-json';
import { txSigningJson } from '../../shared/domain/escrow-lock';

/**
 * Which AITBC wire the devnet speaks. `v025` (default) is the live hub since v0.25 (aitbc-v0.25.md): buyer-signed
 * ESCROW_LOCK, offer binding, the acceptance window, 36,000,000 units per AIT, heartbeat reaping. `c27c654` is the
 * coordinator at commit c27c654 (aitbc.md): the server escrows on its own word, 3,600 units per AIT.
 */
export type DevnetWire = 'v025' | 'c27c654';
export const DEVNET_WIRES: readonly DevnetWire[] = ['v025', 'c27c654'];

/** `UNITS_PER_AIT` (units module, [idx] id 57938436779) vs the old `int(ait * 3600)` (aitbc.md §9.3). */
export const UNITS_PER_AIT: Record<DevnetWire, bigint> = { v025: 36_000_000n, c27c654: 3_600n };

/** The node wallet every ESCROW_LOCK pays to: the chain's block proposer (`GET /health` → `proposer_id`). */
export const DEVNET_NODE_WALLET = '0x000000000000000000000000000000000000d0de';

/** Heartbeat cutoff: `COORDINATOR_MINER_HEARTBEAT_CUTOFF_SECONDS` default 300 (services/stale_miner_reaper.py). */
export const HEARTBEAT_CUTOFF_MS = 300_000;
/** `COORDINATOR_ACCEPTANCE_WINDOW_SECONDS` code default 3600 (contexts/payments/acceptance.py). */
export const DEFAULT_ACCEPTANCE_WINDOW_S = 3600;
/** `COORDINATOR_ACCEPTANCE_WINDOW_MAX_SECONDS` default 7 days (acceptance.py). */
export const MAX_ACCEPTANCE_WINDOW_S = 7 * 24 * 3600;

/** keccak of the signing JSON (shared/domain/escrow-lock.ts). */
export const txSigningHash = (tx: JsonObject): Hex => keccak256(toBytes(txSigningJson(tx)));

/** The address that signed `hash` (raw 65-byte secp256k1, no EIP-191 prefix), or null. */
export async function recoverTxSigner(hash: Hex, signature: string): Promise<string | null> {
  const sig = signature.startsWith('0x') ? signature : `0x${signature}`;
  if (!/^0x[0-9a-fA-F]{130}$/.test(sig)) return null;
  const a = await recoverAddress({ hash, signature: sig as Hex }).catch(() => null);
  return a ? a.toLowerCase() : null;
}
