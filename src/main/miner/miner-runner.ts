import { setMaxListeners } from 'node:events';
import { z } from 'zod';
import { AitbcError, assignedJobSchema, backoffDelay, createCoordinatorHttp, minerRegisterResponseSchema, minerResultResponseSchema, okResponseSchema, sleep, type AssignedJob } from '../aitbc/port';
import type { Logger } from '../log/logger';
import { JobRejected, type InferenceBackend } from './inference-backend';

export interface MinerOptions {
  coordinatorUrl: string;
  /** Where software offers are published (the marketplace service; the coordinator URL on the devnet). */
  marketplaceUrl?: string;
  apiKey: string;
  minerId: string;
  backend: InferenceBackend;
  /** AIT per 1k tokens (prompt + output), advertised as capabilities.price and in offers. */
  pricePer1kTokens: string;
  region: string;
  gpu?: { name: string; memory_mb: number } | null;
  payoutAddress?: string | null;
  concurrency?: number;
  pollMs?: number;
  /** ≤ 15 s (the coordinator's expectation, §5.2). */
  heartbeatMs?: number;
  log?: Logger;
  /** For tests: observe the wire. */
  fetch?: typeof fetch;
}

export interface MinerStats {
  minerId: string;
  state: 'starting' | 'online' | 'error' | 'stopped';
  message: string;
  completed: number;
  failed: number;
  inflight: number;
  models: string[];
  backend: InferenceBackend['kind'];
}

export interface Miner {
  stats(): MinerStats;
  stop(): Promise<void>;
}

/**
 * A coordinator miner (§5): registers with its models/price/region, heartbeats every ≤15 s (also while jobs
 * run), polls every ~1–3 s for work (timers only, no spinning), runs each job on the backend and reports a
 * result (`/result`) or a real failure (`/fail`). Sends X-Api-Key + X-Miner-ID, never Authorization.
 */
export function startMiner(o: MinerOptions): Miner {
  const http = createCoordinatorHttp({ baseUrl: o.coordinatorUrl, userAgent: 'ClawGrid-miner', ...(o.fetch ? { fetch: o.fetch } : {}) });
  const headers = { 'X-Api-Key': o.apiKey, 'X-Miner-ID': o.minerId };
  const concurrency = o.concurrency ?? 1;
  const pollMs = o.pollMs ?? 1_500;
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // one listener per in-flight request
  const running = new Set<Promise<void>>();
  const s: MinerStats = { minerId: o.minerId, state: 'starting', message: 'Registering…', completed: 0, failed: 0, inflight: 0, models: [], backend: o.backend.kind };
  const call = <S extends z.ZodType>(schema: S, fn: Parameters<typeof http.run>[1]) => http.run(schema, fn, { headers, signal: stop.signal, retry429: true, maxRetryWaitMs: 60_000 });

  async function register(): Promise<void> {
    s.models = await o.backend.models();
    const capabilities = {
      gpus: o.gpu ? [{ ...o.gpu, consumer_grade: true, edge_optimized: true }] : [],
      models: s.models,
      price: Number(o.pricePer1kTokens),
      region: o.region,
      platform: o.gpu ? 'CUDA' : 'CPU',
      supported_tasks: ['inference'],
      max_concurrent_jobs: concurrency,
      chat: true,
      simulated: o.backend.kind === 'simulated',
      ...(o.payoutAddress ? { payout_address: o.payoutAddress } : {}),
    };
    await call(minerRegisterResponseSchema, (init) => http.api.POST('/v1/miners/register', { body: { capabilities, concurrency, region: o.region, ...(o.payoutAddress ? { wallet_address: o.payoutAddress } : {}) }, ...init }));
    const market = (o.marketplaceUrl ?? http.baseUrl).replace(/\/+$/, '');
    for (const model of s.models) {
      const offer = {
        plugin_id: `ollama-${o.minerId}-${model}`.replace(/[:/]/g, '-'), service_type: 'ollama', model, price: o.pricePer1kTokens, price_unit: 'per_1k_tokens', status: 'active',
        node_id: o.minerId, region: o.region, gpu_name: o.gpu?.name ?? null, provider_address: o.payoutAddress ?? null, simulated: o.backend.kind === 'simulated',
        description: o.backend.kind === 'simulated' ? 'DEVNET SIMULATED inference (no model runs; echo)' : `Ollama ${model}`,
      };
      // the marketplace takes offers only from a registered miner (its key), naming only its registered wallet
      await fetch(`${market}/v1/marketplace/offer`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(offer), signal: AbortSignal.any([stop.signal, AbortSignal.timeout(10_000)]) }).catch(() => undefined);
    }
  }

  const heartbeat = () => call(okResponseSchema, (init) => http.api.POST('/v1/miners/heartbeat', { body: { inflight: s.inflight, status: 'ONLINE', metadata: { backend: o.backend.kind } }, ...init }));

  async function execute(job: AssignedJob): Promise<void> {
    s.inflight++;
    try {
      const out = await o.backend.run(job.payload, stop.signal);
      const tokens = out.prompt_tokens + out.tokens_processed;
      const units = tokens / 1000;
      const unitPrice = Number(o.pricePer1kTokens);
      const metrics = { duration_ms: Math.round(out.execution_time * 1000), units, unit_type: '1k_tokens', unit_price: unitPrice, price: Math.round(units * unitPrice * 1e8) / 1e8 };
      await call(minerResultResponseSchema, (init) => http.api.POST('/v1/miners/{job_id}/result', { params: { path: { job_id: job.job_id } }, body: { result: { ...out }, metrics }, ...init }));
      s.completed++;
    } catch (err) {
      if (stop.signal.aborted) return;
      s.failed++;
      const code = err instanceof JobRejected ? err.code : 'execution_error';
      const message = err instanceof Error ? err.message : String(err);
      await call(okResponseSchema, (init) => http.api.POST('/v1/miners/{job_id}/fail', { params: { path: { job_id: job.job_id } }, body: { error_code: code, error_message: message, metrics: {} }, ...init })).catch(() => undefined);
    } finally {
      s.inflight--;
      void heartbeat().catch(() => undefined); // the coordinator's inflight is fixed by a heartbeat after /fail (§5)
    }
  }

  async function loop(): Promise<void> {
    for (let attempt = 0; !stop.signal.aborted; attempt++) {
      try {
        await register();
        s.state = 'online';
        s.message = o.backend.kind === 'simulated' ? 'Online (simulated inference: no Ollama)' : 'Online';
        break;
      } catch (err) {
        if (stop.signal.aborted) return;
        s.state = 'error';
        s.message = `Cannot register: ${err instanceof Error ? err.message : String(err)}`;
        await sleep(backoffDelay({ baseMs: 1000, factor: 2, maxMs: 30_000, jitter: 0.2 }, attempt), stop.signal).catch(() => undefined);
      }
    }
    const hb = setInterval(() => void heartbeat().catch(() => undefined), Math.min(o.heartbeatMs ?? 10_000, 15_000));
    hb.unref();
    stop.signal.addEventListener('abort', () => clearInterval(hb), { once: true });
    while (!stop.signal.aborted) {
      let got = false;
      if (s.inflight < concurrency) {
        try {
          const job = await call(z.union([assignedJobSchema, z.null()]), (init) => http.api.POST('/v1/miners/poll', { body: { max_wait_seconds: 0 }, ...init }));
          if (job) {
            got = true;
            const p = execute(job).finally(() => running.delete(p));
            running.add(p);
          }
          if (s.state !== 'online') s.state = 'online';
        } catch (err) {
          if (stop.signal.aborted) break;
          if (err instanceof AitbcError && err.status === 404) await register().catch(() => undefined);
          s.state = 'error';
          s.message = err instanceof Error ? err.message : String(err);
        }
      }
      // Poll again at once after a job (there may be more), else wait a jittered interval.
      if (!got) await sleep(pollMs * (0.8 + 0.4 * Math.random()), stop.signal).catch(() => undefined);
    }
  }

  const main = loop();
  return {
    stats: () => ({ ...s, models: [...s.models] }),
    async stop() {
      stop.abort(new Error('miner stopped'));
      await main.catch(() => undefined);
      await Promise.allSettled([...running]);
      s.state = 'stopped';
    },
  };
}
