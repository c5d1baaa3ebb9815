import { keccak256, toBytes, type Hex } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import { z } from 'zod';
import { parseJsonLossless, pythonJsonDumps, toPlainJson, type JsonObject } from '../../shared/domain/canonical-json';

/**
 * Client of the AITBC chain RPC subset ClawGrid needs (aitbc.md §9.1–9.2): account balance/nonce and
 * signed TRANSFER transactions. The devnet serves the same routes.
 */

/** Default fee of a transfer, in compute-seconds (the chain's minimum). */
export const TRANSFER_FEE_CS = 36n;

export interface ChainAccount {
  address: string;
  /** Integer compute-seconds (1 AIT = 3600). */
  balance: bigint;
  nonce: number;
  chainId: string | null;
}

export interface TransferTx {
  from: string;
  to: string;
  amount: bigint;
  fee: bigint;
  nonce: number;
  type: 'TRANSFER';
  payload: { to: string; amount: bigint };
  chain_id: string;
}

/** A chain call that failed; `message` is what the person sees. */
export class ChainError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ChainError';
  }
}

/** The exact bytes that are hashed and signed: Python json.dumps(sort_keys, compact, ASCII), nulls kept. */
export function transferSigningText(tx: TransferTx): string {
  const value: JsonObject = {
    amount: tx.amount,
    chain_id: tx.chain_id,
    fee: tx.fee,
    from: tx.from,
    nonce: tx.nonce,
    payload: { to: tx.payload.to, amount: tx.payload.amount },
    to: tx.to,
    type: tx.type,
  };
  return pythonJsonDumps(value, { sortKeys: true, ensureAscii: true });
}

export function transferHash(tx: TransferTx): Hex {
  return keccak256(toBytes(transferSigningText(tx)));
}

/** Raw secp256k1 signature (r‖s‖v, no EIP-191 prefix) over keccak256 of the canonical JSON. */
export async function signTransfer(account: PrivateKeyAccount, tx: TransferTx): Promise<{ body: string; hash: Hex }> {
  const hash = transferHash(tx);
  const signature = await account.sign({ hash });
  const body = pythonJsonDumps(
    { from: tx.from, to: tx.to, amount: tx.amount, fee: tx.fee, nonce: tx.nonce, type: tx.type, payload: { to: tx.payload.to, amount: tx.payload.amount }, chain_id: tx.chain_id, signature },
    { ensureAscii: true },
  );
  return { body, hash };
}

const accountSchema = z.looseObject({
  address: z.string(),
  balance: z.union([z.number(), z.bigint()]),
  nonce: z.number().int().nonnegative(),
  chain_id: z.string().nullish(),
});
const submitSchema = z.looseObject({ success: z.boolean().optional(), transaction_hash: z.string().nullish(), tx_hash: z.string().nullish() });

/** The chain's escrow for one job (`GET /rpc/escrow/{job_id}`, rpc/escrow_routes.py): its legs as the chain recorded them. */
export interface ChainEscrow {
  jobId: string;
  /** created | funded | job_started | job_completed | disputed | resolved | released | refunded | expired */
  state: string;
  buyer: string | null;
  provider: string | null;
  /** AIT decimal strings, as the chain states them. */
  amountAit: string | null;
  releasedAit: string | null;
  refundedAit: string | null;
  lockTx: string | null;
  releaseTx: string | null;
  refundTx: string | null;
}

const escrowSchema = z.looseObject({
  job_id: z.string(),
  state: z.string(),
  buyer: z.string().nullish(),
  provider: z.string().nullish(),
  amount: z.union([z.string(), z.number()]).nullish(),
  released_amount: z.union([z.string(), z.number()]).nullish(),
  refunded_amount: z.union([z.string(), z.number()]).nullish(),
  lock_tx_hash: z.string().nullish(),
  release_tx_hash: z.string().nullish(),
  refund_tx_hash: z.string().nullish(),
});

export interface ChainClient {
  account(address: string): Promise<ChainAccount>;
  /** The escrow the chain holds for a job; null when it holds none (404). */
  escrow(jobId: string): Promise<ChainEscrow | null>;
  /**
   * Units per AIT as the node states them on `/health` (36,000,000 on v0.25 chains); a node that states none is
   * a c27c654-era chain, whose scale was fixed at 3,600 (aitbc.md §9.2).
   */
  unitsPerAit(): Promise<bigint>;
  transfer(account: PrivateKeyAccount, to: string, amountCs: bigint, opts?: { feeCs?: bigint }): Promise<{ txHash: string; fee: bigint }>;
}

export function createChainClient(baseUrl: string, opts: { fetch?: typeof fetch; timeoutMs?: number } = {}): ChainClient {
  const f = opts.fetch ?? fetch;
  const url = (p: string) => `${baseUrl.replace(/\/+$/, '')}${p}`;

  const request = async (path: string, init?: RequestInit): Promise<unknown> => {
    let res: Response;
    try {
      res = await f(url(path), { ...init, signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
    } catch (err) {
      throw new ChainError(`The chain at ${baseUrl} is unreachable: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await res.text();
    const parsed = parseJsonLossless(text);
    const json = parsed.ok ? parsed.value : null;
    if (!res.ok) {
      const detail = json && typeof json === 'object' && !Array.isArray(json) && 'detail' in json ? String(toPlainJson((json as JsonObject).detail)) : text.slice(0, 200);
      throw new ChainError(`The chain refused (${res.status}): ${detail}`, res.status);
    }
    if (!parsed.ok) throw new ChainError(`The chain sent a reply that is not JSON (${path})`);
    // ints stay exact (bigint beyond 2^53); nothing here carries floats that matter
    return parsed.value;
  };

  let perAit: bigint | null = null;
  const unitsPerAit = async (): Promise<bigint> => {
    if (perAit !== null) return perAit;
    const h = z.looseObject({ units_per_ait: z.union([z.number().int().positive(), z.string().regex(/^[1-9]\d*$/).transform(Number)]).nullish() }).safeParse(await request('/health'));
    perAit = BigInt(h.success && h.data.units_per_ait ? h.data.units_per_ait : 3600);
    return perAit;
  };
  const account = async (address: string): Promise<ChainAccount> => {
    const raw = await request(`/rpc/account/${encodeURIComponent(address)}`);
    const a = accountSchema.safeParse(raw);
    if (!a.success) throw new ChainError('The chain sent an account in an unexpected shape');
    const bal = a.data.balance;
    if (typeof bal === 'number' && !Number.isInteger(bal)) throw new ChainError('The chain sent a fractional balance');
    return { address: a.data.address, balance: BigInt(bal), nonce: a.data.nonce, chainId: a.data.chain_id ?? null };
  };

  const text = (v: string | number | null | undefined) => (v == null ? null : String(v));
  const escrow = async (jobId: string): Promise<ChainEscrow | null> => {
    let raw: unknown;
    try {
      raw = toPlainJson((await request(`/rpc/escrow/${encodeURIComponent(jobId)}`)) as JsonObject);
    } catch (err) {
      if (err instanceof ChainError && err.status === 404) return null;
      throw err;
    }
    const e = escrowSchema.safeParse(raw);
    if (!e.success) throw new ChainError('The chain sent an escrow in an unexpected shape');
    const d = e.data;
    return {
      jobId: d.job_id, state: d.state, buyer: d.buyer ?? null, provider: d.provider ?? null, amountAit: text(d.amount), releasedAit: text(d.released_amount), refundedAit: text(d.refunded_amount),
      lockTx: d.lock_tx_hash ?? null, releaseTx: d.release_tx_hash ?? null, refundTx: d.refund_tx_hash ?? null,
    };
  };

  return {
    account,
    escrow,
    unitsPerAit,
    async transfer(signer, to, amountCs, o = {}) {
      const me = await account(signer.address);
      const fee = o.feeCs ?? TRANSFER_FEE_CS;
      if (me.balance < amountCs + fee) {
        throw new ChainError(`Balance too low: ${me.balance} compute-seconds, this transfer needs ${amountCs + fee} (amount + fee)`);
      }
      if (!me.chainId) throw new ChainError('The chain did not say its chain id; cannot sign a transfer for it');
      const tx: TransferTx = { from: signer.address, to, amount: amountCs, fee, nonce: me.nonce, type: 'TRANSFER', payload: { to, amount: amountCs }, chain_id: me.chainId };
      const { body, hash } = await signTransfer(signer, tx);
      const raw = await request('/rpc/transaction', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const r = submitSchema.safeParse(raw);
      if (!r.success || r.data.success === false) throw new ChainError('The chain did not accept the transaction');
      return { txHash: r.data.transaction_hash ?? r.data.tx_hash ?? hash, fee };
    },
  };
}
