import type { LocalAccount } from 'viem';
import { z } from 'zod';
import { isJsonObject, parseJsonLossless, toPlainJson, type JsonObject } from '../../shared/domain/canonical-json';
import { AitbcError } from './aitbc-errors';
import { createCoordinatorHttp, normalizeBaseUrl, type CallOptions, type CoordinatorHttp, type HttpOptions, type RawResult } from './aitbc-http';
import { deriveMarketplaceUrl } from './marketplace-url';
import { createV025Calls, rawJson, type V025Calls } from './aitbc-v025';
import { createSessionManager, type Session, type SessionManager } from './aitbc-session';
import {
  gpuListSchema,
  healthSchema,
  jobListSchema,
  jobPaymentSchema,
  jobResultSchema,
  jobViewSchema,
  marketOffersSchema,
  receiptListSchema,
  receiptSchema,
  userBalanceSchema,
  type JobView,
} from './wire-schemas';

/** Constraints ClawGrid sets on a job (§4.2); `models` is always present. */
export interface JobConstraints {
  models: string[];
  region?: string | null;
  gpu?: string | null;
  max_price?: string | null;
  zk_proof_required?: boolean;
  [key: string]: unknown;
}

export interface CreateJobInput {
  payload: Record<string, unknown>;
  constraints: JobConstraints;
  ttlSeconds: number;
  paymentAmount?: string | null;
  paymentCurrency?: string;
  buyerAddress?: string | null;
  providerAddress?: string | null;
  /** v0.25 offer binding (a c27c654 coordinator ignores both): the server prices the job from the offer. */
  offerId?: string | null;
  offerQuantity?: string | null;
}

export interface ListJobsQuery {
  limit?: number;
  offset?: number;
  status?: string;
  jobType?: string;
}

export interface AitbcClientOptions extends HttpOptions {
  account: LocalAccount;
  /** Base of the marketplace service (§10.1); default derived from `baseUrl` (see marketplace-url.ts). */
  marketplaceUrl?: string;
  /** The chain RPC (`/health`, `/rpc/*`); default `baseUrl` (the devnet serves both). */
  chainUrl?: string;
}

/** The wire-compatible coordinator client: one per (coordinator URL, wallet). */
export interface AitbcClient {
  readonly http: CoordinatorHttp;
  readonly session: SessionManager;
  readonly address: string;
  /** Where software offers are read from: on the public hub not the coordinator's base (§0). */
  readonly marketplaceUrl: string;
  login(signal?: AbortSignal): Promise<Session>;
  health(opts?: CallOptions): Promise<z.output<typeof healthSchema>>;
  createJob(input: CreateJobInput, opts?: CallOptions): Promise<JobView>;
  getJob(jobId: string, opts?: CallOptions): Promise<JobView>;
  /**
   * `null` while the coordinator answers 425 (not ready; also forever for CANCELED/EXPIRED/FAILED).
   * The receipt is parsed losslessly (Python int vs float kept) so its signature can be verified.
   */
  getResult(jobId: string, opts?: CallOptions): Promise<{ result: Record<string, unknown> | null; receipt: JsonObject | null } | null>;
  cancelJob(jobId: string, opts?: CallOptions): Promise<JobView>;
  /** The latest signed receipt, parsed losslessly; null when the coordinator has none (404). */
  getReceipt(jobId: string, opts?: CallOptions): Promise<JsonObject | null>;
  listReceipts(jobId: string, opts?: CallOptions): Promise<JsonObject[]>;
  listJobs(q?: ListJobsQuery, opts?: CallOptions): Promise<JobView[]>;
  getPayment(jobId: string, opts?: CallOptions): Promise<z.output<typeof jobPaymentSchema> | null>;
  balance(opts?: CallOptions): Promise<z.output<typeof userBalanceSchema>>;
  gpuList(opts?: CallOptions): Promise<z.output<typeof gpuListSchema>>;
  marketOffers(opts?: CallOptions): Promise<z.output<typeof marketOffersSchema>>;
  /** The v0.25 calls (escrow lock, acceptance window, chain account). */
  readonly v025: V025Calls;
}

export function createAitbcClient(opts: AitbcClientOptions): AitbcClient {
  const http = createCoordinatorHttp(opts);
  const session = createSessionManager(http, opts.account);
  const marketplaceUrl = opts.marketplaceUrl ? normalizeBaseUrl(opts.marketplaceUrl) : deriveMarketplaceUrl(http.baseUrl);

  /** A CLIENT-role call: Bearer token, and one fresh login after a 401 (expired/rotated secret). */
  async function authed<S extends z.ZodType>(schema: S | null, call: (init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<RawResult>, o: CallOptions = {}): Promise<z.output<S>> {
    for (let attempt = 0; ; attempt++) {
      const s = await session.token(o.signal);
      try {
        return await http.run(schema, call, { ...o, headers: { Authorization: `Bearer ${s.token}` } });
      } catch (err) {
        if (attempt === 0 && err instanceof AitbcError && err.status === 401) {
          session.invalidate();
          continue;
        }
        throw err;
      }
    }
  }
  const notFoundAsNull = async <T>(p: Promise<T>, status: number): Promise<T | null> => {
    try {
      return await p;
    } catch (err) {
      if (err instanceof AitbcError && err.status === status) return null;
      throw err;
    }
  };
  const jobPath = (jobId: string) => ({ params: { path: { job_id: jobId } } });
  /** Reads a body as text and parses it with the lossless parser; `check` validates its plain form. */
  const lossless = async (text: string, check: z.ZodType): Promise<JsonObject> => {
    const parsed = parseJsonLossless(text);
    if (!parsed.ok || !isJsonObject(parsed.value) || !check.safeParse(toPlainJson(parsed.value)).success) {
      throw new AitbcError('invalid_response', 'Unexpected coordinator reply (receipt body)');
    }
    return parsed.value;
  };
  const text = z.string();

  return {
    http,
    session,
    address: opts.account.address,
    marketplaceUrl,
    login: (signal) => session.token(signal),
    health: (o) => http.run(healthSchema, (init) => http.api.GET('/health', init), { retry429: true, ...o }),
    createJob(input, o) {
      const body = {
        payload: input.payload,
        constraints: input.constraints,
        ttl_seconds: input.ttlSeconds,
        payment_amount: input.paymentAmount ?? null,
        payment_currency: input.paymentCurrency ?? 'AITBC',
        buyer_address: input.buyerAddress ?? null,
        provider_address: input.providerAddress ?? null,
        ...(input.offerId ? { offer_id: input.offerId, ...(input.offerQuantity ? { offer_quantity: input.offerQuantity } : {}) } : {}),
      };
      return authed(jobViewSchema, (init) => http.api.POST('/v1/jobs', { body, ...init }), o);
    },
    getJob: (jobId, o) => authed(jobViewSchema, (init) => http.api.GET('/v1/jobs/{job_id}', { ...jobPath(jobId), ...init }), { retry429: true, ...o }),
    async getResult(jobId, o) {
      const body = await notFoundAsNull(authed(text, (init) => http.api.GET('/v1/jobs/{job_id}/result', { ...jobPath(jobId), parseAs: 'text', ...init }), { retry429: true, ...o }), 425);
      if (body === null) return null;
      const v = await lossless(body, jobResultSchema);
      const receipt = v.receipt;
      const plain = jobResultSchema.parse(toPlainJson(v));
      return { result: plain.result ?? null, receipt: isJsonObject(receipt) ? receipt : null };
    },
    cancelJob: (jobId, o) => authed(jobViewSchema, (init) => http.api.POST('/v1/jobs/{job_id}/cancel', { ...jobPath(jobId), ...init }), { retry429: true, ...o }),
    async getReceipt(jobId, o) {
      const body = await notFoundAsNull(authed(text, (init) => http.api.GET('/v1/jobs/{job_id}/receipt', { ...jobPath(jobId), parseAs: 'text', ...init }), { retry429: true, ...o }), 404);
      return body === null ? null : lossless(body, receiptSchema);
    },
    async listReceipts(jobId, o) {
      const body = await authed(text, (init) => http.api.GET('/v1/jobs/{job_id}/receipts', { ...jobPath(jobId), parseAs: 'text', ...init }), { retry429: true, ...o });
      const v = await lossless(body, receiptListSchema);
      return (v.items as readonly unknown[]).filter(isJsonObject);
    },
    async listJobs(q = {}, o) {
      const query = { limit: q.limit ?? 20, offset: q.offset ?? 0, ...(q.status ? { status: q.status } : {}), ...(q.jobType ? { job_type: q.jobType } : {}) };
      const r = await authed(jobListSchema, (init) => http.api.GET('/v1/jobs', { params: { query }, ...init }), { retry429: true, ...o });
      return r.items;
    },
    getPayment: (jobId, o) => notFoundAsNull(authed(jobPaymentSchema, (init) => http.api.GET('/v1/jobs/{job_id}/payment', { ...jobPath(jobId), ...init }), { retry429: true, ...o }), 404),
    async balance(o) {
      const s = await session.token(o?.signal);
      return authed(userBalanceSchema, (init) => http.api.GET('/v1/users/{user_id}/balance', { params: { path: { user_id: s.userId } }, ...init }), { retry429: true, ...o });
    },
    gpuList: (o) => http.run(gpuListSchema, (init) => http.api.GET('/v1/marketplace/gpu/list', { params: { query: { limit: 500 } }, ...init }), { retry429: true, ...o }),
    // The software-offer route lives in the separate marketplace service (§10.1); not in the coordinator spec.
    marketOffers: (o) =>
      http.run(marketOffersSchema, (init) => rawJson(opts.fetch ?? fetch, `${marketplaceUrl}/v1/marketplace/offer?status=active`, init), { retry429: true, ...o }),
    v025: createV025Calls(http, authed, opts.chainUrl ? normalizeBaseUrl(opts.chainUrl) : http.baseUrl, opts.fetch ?? fetch),
  };
}
