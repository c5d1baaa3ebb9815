import { z } from 'zod';
import type { CallOptions, CoordinatorHttp, RawResult } from './aitbc-http';
import { jobPaymentSchema } from './wire-schemas';

/**
 * The v0.25 wire beyond the c27c654 OpenAPI spec (aitbc-v0.25.md §1 A/B): the chain's `/health` (node wallet,
 * unit scale) and `/rpc/account/{addr}` (nonce), the two-step `POST /v1/payments` with the buyer's signed
 * ESCROW_LOCK, and the acceptance window's `accept` / `reject`. Plain JSON over fetch, validated with zod.
 */

/** Chain node `GET /health`: `proposer_id` is the node wallet the CLI locks to (`_get_node_wallet`). */
export const chainHealthSchema = z.looseObject({
  status: z.string().optional(),
  proposer_id: z.string().nullish(),
  chain_id: z.string().nullish(),
  /** Units per AIT, where the node says (36,000,000 on v0.25 chains); absent → unknown, never guessed. */
  units_per_ait: z.union([z.number().int().positive(), z.string().regex(/^[1-9]\d*$/).transform(Number)]).nullish(),
});
export type ChainHealth = z.infer<typeof chainHealthSchema>;

const intLike = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform((v) => BigInt(v));
export const chainAccountSchema = z.looseObject({ address: z.string(), balance: intLike, nonce: z.number().int().nonnegative(), chain_id: z.string().nullish() });
export type ChainAccount = z.infer<typeof chainAccountSchema>;

/** `JobPaymentView` as v0.25 answers it (the extra keys are the devnet's and the newer hub's; all optional). */
export const v025PaymentSchema = jobPaymentSchema.extend({
  lock_tx_hash: z.string().nullish(),
  release_tx_hash: z.string().nullish(),
  acceptance_deadline: z.string().nullish(),
  dispute_reason: z.string().nullish(),
});
export type V025Payment = z.infer<typeof v025PaymentSchema>;

/** `JobPaymentCreate` with the buyer's lock (payments schema, id 57914994909). */
export interface PaymentCreate {
  job_id: string;
  amount: string;
  currency: string;
  payment_method: 'aitbc_token';
  buyer_address: string;
  provider_address: string;
  buyer_lock_signature: string;
  buyer_lock_nonce: number;
  buyer_lock_fee: number;
  escrow_timeout_seconds: number;
  offer_id?: string;
  offer_quantity?: string;
}

type Init = { signal: AbortSignal; headers: Record<string, string> };
type Authed = <S extends z.ZodType>(schema: S | null, call: (init: Init) => Promise<RawResult>, o?: CallOptions) => Promise<z.output<S>>;

/** One JSON request through `fetch`, shaped like an openapi-fetch result for `CoordinatorHttp.run`. */
export async function rawJson(f: typeof fetch, url: string, init: Init, method = 'GET', body?: unknown): Promise<RawResult> {
  const headers = body === undefined ? init.headers : { ...init.headers, 'Content-Type': 'application/json' };
  const response = await f(url, { method, signal: init.signal, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // keep the text for the error message
  }
  return response.ok ? { data, response } : { error: data, response };
}

export interface V025Calls {
  /** Where the chain RPC is (the devnet serves both; the hub's is `CLAWGRID_CHAIN_URL`). */
  readonly chainUrl: string;
  chainHealth(o?: CallOptions): Promise<ChainHealth>;
  /** null when the chain does not know the address (404). */
  chainAccount(address: string, o?: CallOptions): Promise<ChainAccount | null>;
  createPayment(body: PaymentCreate, o?: CallOptions): Promise<V025Payment>;
  /** 409 unless `pending_acceptance`; 422 when gated by ZK and `computation_correct` is not true; 502 when settlement did not land. */
  accept(jobId: string, o?: CallOptions): Promise<void>;
  reject(jobId: string, reason: string, o?: CallOptions): Promise<void>;
  payment(jobId: string, o?: CallOptions): Promise<V025Payment | null>;
}

export function createV025Calls(http: CoordinatorHttp, authed: Authed, chainUrl: string, f: typeof fetch = fetch): V025Calls {
  const base = http.baseUrl;
  const job = (id: string) => `${base}/v1/jobs/${encodeURIComponent(id)}`;
  return {
    chainUrl,
    chainHealth: (o) => http.run(chainHealthSchema, (init) => rawJson(f, `${chainUrl}/health`, init), { retry429: true, ...o }),
    async chainAccount(address, o) {
      try {
        return await http.run(chainAccountSchema, (init) => rawJson(f, `${chainUrl}/rpc/account/${address}`, init), { retry429: true, ...o });
      } catch (err) {
        if (err instanceof Error && 'status' in err && err.status === 404) return null;
        throw err;
      }
    },
    createPayment: (body, o) => authed(v025PaymentSchema, (init) => rawJson(f, `${base}/v1/payments`, init, 'POST', body), o),
    accept: async (jobId, o) => void (await authed(null, (init) => rawJson(f, `${job(jobId)}/accept`, init, 'POST'), o)),
    reject: async (jobId, reason, o) => void (await authed(null, (init) => rawJson(f, `${job(jobId)}/reject`, init, 'POST', { reason }), o)),
    async payment(jobId, o) {
      try {
        return await authed(v025PaymentSchema, (init) => rawJson(f, `${job(jobId)}/payment`, init), { retry429: true, ...o });
      } catch (err) {
        if (err instanceof Error && 'status' in err && err.status === 404) return null;
        throw err;
      }
    },
  };
}
