import { keccak256, recoverAddress, toBytes, type Hex } from 'viem';
import { z } from 'zod';
import { pythonJsonDumps, type JsonObject, type JsonValue } from '../../shared/domain/canonical-json';
import { aitToComputeSeconds, COMPUTE_SECONDS_PER_AIT } from '../../shared/domain/budget';
import { formatAmount, parseAmount, SCALE } from '../../shared/domain/decimal';
import type { DevnetDb } from './devnet-db';
import type { Req, Route } from './devnet-routes';
import { detail, losslessObject, parseJsonBody, parseWith } from './http-util';
import type { Ledger } from './ledger';

/**
 * The devnet's slice of the AITBC chain RPC (aitbc.md §9.1–9.2): account (balance in integer
 * compute-seconds + nonce), a balance breakdown, and signed TRANSFER transactions. Balances stay in the
 * devnet's AIT ledger (one source of truth with escrow); nonces live next to it in the same database.
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

/** Compute-seconds → AIT atto units, truncating (exact for multiples of 9 cs, e.g. the 36 cs fee). */
const csToAtto = (cs: bigint) => (cs * SCALE) / COMPUTE_SECONDS_PER_AIT;
const refuse = (why: string) => detail(400, `Failed to submit transaction: ${why}`);

export function devnetChainRoutes(db: DevnetDb, ledger: Ledger): Route[] {
  const getNonce = db.prepare<[string], { nonce: number }>('SELECT nonce FROM chain_nonces WHERE address = ?');
  const setNonce = db.prepare('INSERT INTO chain_nonces (address, nonce) VALUES (?, ?) ON CONFLICT(address) DO UPDATE SET nonce = excluded.nonce');
  const exists = db.prepare<[string], { address: string }>('SELECT address FROM accounts WHERE address = ?');
  const nonceOf = (a: string) => getNonce.get(a.toLowerCase())?.nonce ?? 0;
  const balanceCs = (a: string) => aitToComputeSeconds(parseAmount(ledger.balance(a)));

  const account = (r: Req) => {
    const addr = (r.params[0] as string).toLowerCase();
    const ait = ledger.balance(addr);
    // balance like the chain: integer compute-seconds (1 AIT = 3600, truncating); the exact AIT for convenience
    return { address: addr, balance: aitToComputeSeconds(parseAmount(ait)), balance_ait: ait, nonce: nonceOf(addr), chain_id: DEVNET_CHAIN_ID };
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
    const hash = keccak256(toBytes(pythonJsonDumps(signed, { sortKeys: true, ensureAscii: true })));
    const sig = plain.signature.startsWith('0x') ? plain.signature : `0x${plain.signature}`;
    const signer = /^0x[0-9a-fA-F]{130}$/.test(sig) ? await recoverAddress({ hash, signature: sig as Hex }).catch(() => null) : null;
    if (!signer || signer.toLowerCase() !== plain.from.toLowerCase()) throw refuse('invalid signature');

    const amount = BigInt(plain.amount);
    const fee = BigInt(plain.fee);
    if (fee < MIN_FEE_CS) throw refuse(`fee ${fee} is below the minimum of ${MIN_FEE_CS} compute-seconds`);
    if (amount <= 0n) throw refuse('amount must be positive');
    const from = plain.from.toLowerCase();
    const to = plain.to.toLowerCase();
    // Checks and effects in one SQLite transaction: nonce, balance, both movements and the nonce bump.
    db.transaction(() => {
      if (!exists.get(from)) throw refuse(`account ${from} not found`);
      const expected = nonceOf(from);
      if (plain.nonce !== expected) throw refuse(`invalid nonce ${plain.nonce}, expected ${expected}`);
      const have = balanceCs(from);
      if (have < amount + fee) throw refuse(`insufficient balance: ${have} compute-seconds, needs ${amount + fee} (amount + fee)`);
      ledger.transfer(from, to, formatAmount(csToAtto(amount)), 'chain_transfer');
      ledger.transfer(from, FEE_COLLECTOR_ADDRESS, formatAmount(csToAtto(fee)), 'chain_fee');
      setNonce.run(from, expected + 1);
    })();
    return { success: true, transaction_hash: hash, message: 'Transaction submitted' };
  }

  return [
    { method: 'GET', re: /^\/rpc\/accounts?\/(0x[a-fA-F0-9]{40})$/, level: 'NONE', limit: 200, handle: account },
    {
      method: 'GET', re: /^\/rpc\/balance\/(0x[a-fA-F0-9]{40})$/, level: 'NONE', limit: 200,
      handle(r) {
        const a = account(r);
        return { ...a, balance_compute_seconds: a.balance, compute_seconds_per_ait: Number(COMPUTE_SECONDS_PER_AIT) };
      },
    },
    { method: 'POST', re: /^\/rpc\/transaction$/, level: 'NONE', limit: 100, handle: submit },
  ];
}
