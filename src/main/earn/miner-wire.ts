import { z } from 'zod';
import { isJsonObject, parseJsonLossless, type JsonObject, type JsonValue } from '../../shared/domain/canonical-json';
import { AitbcError } from '../aitbc/port';

/**
 * AITBC's miner wire as `apps/miner/production_miner.py` speaks it (aitbc.md §5): X-Api-Key + X-Miner-ID on every
 * call (never Authorization), register / heartbeat / poll (204 = no work) / result / fail, plus what a miner reads
 * back (`…/jobs` for payment status) and publishes (the v0.25 marketplace offer, with the miner key). Bodies of
 * replies that carry a receipt are parsed losslessly (Python floats kept), so its signature still verifies.
 */
export interface MinerEndpoint {
  coordinatorUrl: string;
  marketplaceUrl: string;
  /** The chain RPC (the devnet serves it at the coordinator's URL); null = not known, releases are not confirmed. */
  chainUrl: string | null;
  apiKey: string;
  minerId: string;
}

export interface AssignedJob {
  jobId: string;
  payload: Record<string, unknown>;
}

const money = z.union([z.string(), z.number()]).transform(String);
const jobViewSchema = z.looseObject({ job_id: z.string(), state: z.string().optional(), payment_status: z.string().nullish(), payment_amount: money.nullish(), buyer_address: z.string().nullish(), provider_address: z.string().nullish() });
export type MinerJobView = z.infer<typeof jobViewSchema>;
const offerSchema = z.looseObject({ plugin_id: z.string(), offer_id: z.string().nullish(), model: z.string().nullish(), price: money.nullish(), status: z.string().nullish(), provider_address: z.string().nullish(), node_id: z.string().nullish() });
export type WireOffer = z.infer<typeof offerSchema>;
const escrowSchema = z.looseObject({ job_id: z.string(), state: z.string(), released_amount: money.nullish(), provider: z.string().nullish(), release_tx_hash: z.string().nullish() });
export type ChainEscrow = z.infer<typeof escrowSchema>;

const trim = (u: string) => u.replace(/\/+$/, '');

export function createMinerWire(ep: MinerEndpoint, o: { fetch?: typeof fetch; timeoutMs?: number } = {}) {
  const doFetch = o.fetch ?? globalThis.fetch;
  const headers = { 'X-Api-Key': ep.apiKey, 'X-Miner-ID': ep.minerId, 'Content-Type': 'application/json', 'User-Agent': 'ClawGrid-earn' };

  async function send(base: string, path: string, init: { method: 'GET' | 'POST'; body?: unknown; auth?: boolean; signal?: AbortSignal }): Promise<{ status: number; text: string }> {
    const timeout = AbortSignal.timeout(o.timeoutMs ?? 15_000);
    let res: Response;
    try {
      res = await doFetch(`${trim(base)}${path}`, {
        method: init.method,
        headers: init.auth === false ? { 'User-Agent': headers['User-Agent'] } : headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
      });
    } catch (err) {
      throw new AitbcError(init.signal?.aborted ? 'aborted' : timeout.aborted ? 'timeout' : 'unreachable', `${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await res.text();
    if (!res.ok) throw new AitbcError('http', `${path}: HTTP ${res.status} ${text.slice(0, 200)}`, res.status);
    return { status: res.status, text };
  }
  const json = <S extends z.ZodType>(schema: S, text: string, path: string): z.output<S> => {
    const r = schema.safeParse(text ? JSON.parse(text) : null);
    if (!r.success) throw new AitbcError('invalid_response', `${path}: unexpected reply`, 200);
    return r.data;
  };
  const coord = (path: string, body: unknown, signal?: AbortSignal) => send(ep.coordinatorUrl, path, { method: 'POST', body, signal });
  const id = encodeURIComponent(ep.minerId);

  return {
    endpoint: ep,
    async register(capabilities: Record<string, unknown>, concurrency: number, region: string, walletAddress: string | null, signal?: AbortSignal): Promise<void> {
      await coord('/v1/miners/register', { capabilities, concurrency, region, ...(walletAddress ? { wallet_address: walletAddress } : {}) }, signal);
    },
    /** `capacity` and the pause reason travel in metadata; `inflight` is the true count (§5.2). */
    async heartbeat(inflight: number, metadata: Record<string, unknown>, signal?: AbortSignal): Promise<void> {
      await coord('/v1/miners/heartbeat', { inflight, status: 'ONLINE', metadata }, signal);
    },
    async poll(signal?: AbortSignal): Promise<AssignedJob | null> {
      const r = await coord('/v1/miners/poll', { max_wait_seconds: 0 }, signal);
      if (r.status === 204 || !r.text) return null;
      const j = json(z.looseObject({ job_id: z.string().min(1), payload: z.record(z.string(), z.unknown()) }), r.text, '/v1/miners/poll');
      return { jobId: j.job_id, payload: j.payload };
    },
    /** Posts the result; returns the coordinator's signed receipt as it sent it (lossless), or null. */
    async result(jobId: string, result: Record<string, unknown>, metrics: Record<string, unknown>, signal?: AbortSignal): Promise<JsonObject | null> {
      const r = await coord(`/v1/miners/${encodeURIComponent(jobId)}/result`, { result, metrics }, signal);
      const parsed = parseJsonLossless(r.text);
      const body: JsonValue = parsed.ok ? parsed.value : null;
      return isJsonObject(body) && isJsonObject(body.receipt) ? body.receipt : null;
    },
    async fail(jobId: string, code: string, message: string): Promise<void> {
      await coord(`/v1/miners/${encodeURIComponent(jobId)}/fail`, { error_code: code, error_message: message, metrics: {} });
    },
    /** This miner's jobs as the coordinator sees them (payment status, amount, buyer). */
    async jobs(q: { status?: string; limit?: number } = {}): Promise<MinerJobView[]> {
      const qs = new URLSearchParams({ limit: String(q.limit ?? 100), ...(q.status ? { job_status: q.status } : {}) });
      const r = await coord(`/v1/miners/${id}/jobs?${qs}`, undefined);
      return json(z.looseObject({ jobs: z.array(jobViewSchema) }), r.text, '/v1/miners/{id}/jobs').jobs;
    },
    /** The chain's record of one job's escrow (state, released amount, release tx). */
    async escrow(jobId: string): Promise<ChainEscrow | null> {
      if (!ep.chainUrl) return null;
      const r = await send(ep.chainUrl, `/rpc/escrow/${encodeURIComponent(jobId)}`, { method: 'GET', auth: false });
      return json(escrowSchema, r.text, '/rpc/escrow/{job_id}');
    },
    /** v0.25 offer: published with the miner key (the marketplace binds it to this miner's registered wallet). */
    async publishOffer(offer: Record<string, unknown>): Promise<void> {
      await send(ep.marketplaceUrl, '/v1/marketplace/offer', { method: 'POST', body: offer });
    },
    async offers(): Promise<WireOffer[]> {
      const r = await send(ep.marketplaceUrl, '/v1/marketplace/offer', { method: 'GET', auth: false });
      return json(z.looseObject({ offers: z.array(z.unknown()) }), r.text, '/v1/marketplace/offer').offers.flatMap((x) => {
        const p = offerSchema.safeParse(x);
        return p.success ? [p.data] : [];
      });
    },
  };
}
export type MinerWire = ReturnType<typeof createMinerWire>;
