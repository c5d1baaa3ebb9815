import { createHash } from 'node:crypto';
import { decideEarn, percentOf, type EarnDecision, type EarnUsage } from '../../shared/domain/earn-policy';
import type { Settings } from '../../shared/contract/settings';
import type { CoreServices } from '../feature';
import type { ServedJobs } from './earn-jobs-store';
import { settleEarnings } from './earn-settle';
import { createMinerWire, type MinerWire, type WireOffer } from './miner-wire';
import type { EarnDeps } from './port';
import { serveJob } from './serve-job';

const CONCURRENCY = 1;
const OFF_INPUTS: Omit<Parameters<typeof decideEarn>[0], 'localHour'> = {
  enabled: false, networkProblem: null, hasMinerKey: false, servableModels: [], limits: { cpuPct: 100, ramPct: 100, gpuMemPct: 100 }, usage: { cpuPct: null, ramPct: null, gpuMemPct: null },
  ownAgentsFirst: false, localInflight: 0, hours: null, servingInflight: 0, concurrency: CONCURRENCY,
};
const REGION = 'edge';

/** What the runtime knows right now (the feature turns it into `earn.status`). */
export interface EarnSnapshot {
  decision: EarnDecision;
  minerId: string;
  network: string;
  registered: boolean;
  problem: string | null;
  lastHeartbeat: { at: number; capacity: number } | null;
  payoutAddress: string | null;
  allowedModels: string[];
  servedModels: string[];
  usage: EarnUsage;
  localInflight: number;
  servingInflight: number;
  offers: WireOffer[];
}

/** The usage the limits are judged on: the monitor's latest sample (GPU memory: the fullest GPU). */
export function usageOf(deps: Pick<EarnDeps, 'monitor'>): EarnUsage {
  const s = deps.monitor.snapshot().samples.at(-1);
  if (!s) return { cpuPct: null, ramPct: null, gpuMemPct: null };
  const gpu = s.gpus.map((g) => percentOf(g.memUsedMiB, g.memTotalMiB)).filter((x): x is number => x !== null);
  return { cpuPct: s.system?.cpuPct ?? null, ramPct: percentOf(s.system?.memUsedBytes, s.system?.memTotalBytes), gpuMemPct: gpu.length ? Math.max(...gpu) : null };
}

/** The miner id: the setting, else one derived from the data dir (stable across restarts, distinct per install). */
export const minerIdFor = (settings: Settings, dataDir: string) => settings.earnMinerId || `clawgrid-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`;

/**
 * Earn mode's loop, on timers only: each tick decides (policy), keeps the registration and offers in line with
 * the settings, heartbeats (every `heartbeatMs`, and at once when capacity changes), polls only while the policy
 * takes jobs, and follows served jobs' payments. One job at a time.
 */
export function startEarnRuntime(core: CoreServices, deps: EarnDeps, jobs: ServedJobs, onChange: () => void) {
  const stop = new AbortController();
  let wire: MinerWire | null = null;
  let regKey = '';
  let registered = false;
  let problem: string | null = null;
  let lastHb: { at: number; capacity: number } | null = null;
  let serving = 0;
  let offers: WireOffer[] = [];
  let offersAt = 0;
  let published: string[] = [];
  let lastSettle = 0;
  let walletAddr: string | null = null;
  let snap: EarnSnapshot | null = null;
  const localHour = deps.localHour ?? (() => new Date().getHours());

  async function publishOffers(w: MinerWire, models: string[], s: Settings, payout: string | null, status: 'active' | 'inactive'): Promise<void> {
    const gpu = deps.monitor.snapshot().samples.at(-1)?.gpus[0]?.name ?? null;
    for (const model of models) {
      await w.publishOffer({
        plugin_id: `clawgrid-${w.endpoint.minerId}-${model}`.replace(/[:/]/g, '-'), service_type: 'ollama', model, price: s.earnPricePer1k, price_unit: 'per_1k_tokens', status,
        node_id: w.endpoint.minerId, region: REGION, gpu_name: gpu, provider_address: payout, simulated: false, description: `ClawGrid edge miner: Ollama ${model}`,
      });
    }
  }

  async function tick(): Promise<void> {
    const s = core.settings.get();
    const net = deps.network();
    const minerId = minerIdFor(s, core.dataDir);
    if (!s.earnEnabled && !registered) {
      // Off and nothing to wind down: no network, wallet or Ollama reads (an idle ClawGrid stays idle).
      if (snap?.decision.state !== 'off' || snap.minerId !== minerId) {
        snap = { decision: decideEarn({ ...OFF_INPUTS, localHour: localHour() }), minerId, network: net.network, registered, problem: null, lastHeartbeat: null, payoutAddress: null, allowedModels: [...s.earnModels], servedModels: [], usage: { cpuPct: null, ramPct: null, gpuMemPct: null }, localInflight: 0, servingInflight: serving, offers };
        onChange();
      }
      return;
    }
    walletAddr = await deps.walletAddress().catch(() => null);
    const payout = (s.earnPayoutAddress || walletAddr || (net.ok ? net.clientAddress : null))?.toLowerCase() ?? null;
    const installed = new Set(deps.ollama.snapshot().installed.map((m) => m.name));
    const servedModels = s.earnModels.filter((m) => installed.has(m));
    const apiKey = core.env.CLAWGRID_MINER_API_KEY || (net.ok ? net.devnetMinerKey : null);
    const usage = usageOf(deps);
    const localInflight = deps.localInflight();
    const decision = decideEarn({
      enabled: s.earnEnabled, networkProblem: net.ok ? null : net.problem, hasMinerKey: !!apiKey, servableModels: servedModels, limits: s.earnLimits, usage,
      ownAgentsFirst: s.earnOwnAgentsFirst, localInflight, hours: s.earnHours, localHour: localHour(), servingInflight: serving, concurrency: CONCURRENCY,
    });
    if (net.ok && apiKey && (!wire || wire.endpoint.coordinatorUrl !== net.coordinatorUrl || wire.endpoint.minerId !== minerId || wire.endpoint.apiKey !== apiKey)) {
      wire = createMinerWire({ coordinatorUrl: net.coordinatorUrl, marketplaceUrl: net.marketplaceUrl, chainUrl: net.chainUrl, apiKey, minerId });
      regKey = '';
    }
    const w = net.ok && apiKey ? wire : null;
    if (w && s.earnEnabled) {
      // Register (and re-register when what it offers changes): capabilities from the GPU monitor and the allow-list.
      // (also when the GPU monitor's first sample arrives after the first registration)
      const gpus = (deps.monitor.snapshot().samples.at(-1)?.gpus ?? []).map((g) => ({ name: g.name, memory_mb: g.memTotalMiB ?? 0, consumer_grade: true, edge_optimized: true }));
      const key = JSON.stringify([servedModels, s.earnPricePer1k, payout, gpus.map((g) => [g.name, g.memory_mb])]);
      if (key !== regKey) {
        const capabilities = { gpus, models: servedModels, price: Number(s.earnPricePer1k), region: REGION, platform: gpus.length ? 'CUDA' : 'CPU', supported_tasks: ['inference'], max_concurrent_jobs: CONCURRENCY, chat: true, simulated: false, ...(payout ? { payout_address: payout } : {}) };
        try {
          await w.register(capabilities, CONCURRENCY, REGION, payout, stop.signal);
          const dropped = published.filter((m) => !servedModels.includes(m));
          await publishOffers(w, servedModels, s, payout, 'active');
          if (dropped.length) await publishOffers(w, dropped, s, payout, 'inactive');
          published = servedModels;
          regKey = key;
          registered = true;
          problem = null;
          offersAt = 0;
          lastHb = null;
        } catch (err) {
          registered = false;
          problem = `Cannot register as a miner: ${err instanceof Error ? err.message : String(err)}`;
        }
      }
    }
    if (w && registered) {
      const capacity = s.earnEnabled ? decision.capacity : 0;
      const now = Date.now();
      if (!lastHb || lastHb.capacity !== capacity || now - lastHb.at >= (deps.heartbeatMs ?? 10_000)) {
        try {
          await w.heartbeat(serving, { capacity, paused: decision.state !== 'earning', reasons: decision.reasons.map((r) => r.code), backend: 'ollama' }, stop.signal);
          lastHb = { at: now, capacity };
        } catch (err) {
          if (/HTTP 404/.test(String(err))) regKey = ''; // the coordinator forgot us: register again
        }
      }
      if (!s.earnEnabled && published.length) {
        await publishOffers(w, published, s, payout, 'inactive').catch(() => undefined);
        published = [];
        registered = false;
        regKey = '';
      }
      if (now - offersAt > 30_000) {
        offers = await w.offers().then((all) => all.filter((o) => o.node_id === w.endpoint.minerId)).catch(() => offers);
        offersAt = now;
      }
      if (s.earnEnabled && decision.takeJobs && serving < CONCURRENCY) await pollOnce(w, s, net.ok ? net.network : 'off', servedModels, payout, net.ok ? net.clientAddress : null);
      if (now - lastSettle >= (deps.settleMs ?? 3_000)) {
        lastSettle = now;
        const booked = await settleEarnings(core.db, w, jobs, { network: net.ok ? net.network : 'off', payoutAddress: payout }).catch(() => 0);
        if (booked) onChange();
      }
    }
    snap = { decision, minerId, network: net.network, registered, problem, lastHeartbeat: lastHb, payoutAddress: payout, allowedModels: [...s.earnModels], servedModels, usage, localInflight, servingInflight: serving, offers };
    onChange();
  }

  async function pollOnce(w: MinerWire, s: Settings, network: string, servedModels: string[], payout: string | null, clientAddress: string | null): Promise<void> {
    let job;
    try {
      job = await w.poll(stop.signal);
    } catch (err) {
      problem = `Poll failed: ${err instanceof Error ? err.message : String(err)}`;
      if (/HTTP 404/.test(String(err))) regKey = '';
      return;
    }
    if (!job) return;
    const assigned = job;
    serving++;
    // The buyer as the coordinator records it (v0.25 terms), so a job paid by our own wallet is never served here.
    const buyer = await w.jobs({ status: 'RUNNING' }).then((v) => v.find((x) => x.job_id === assigned.jobId)?.buyer_address ?? null).catch(() => null);
    const addresses = [walletAddr, clientAddress, payout].filter((a): a is string => !!a);
    void serveJob({
      network, minerId: w.endpoint.minerId, wire: w, jobs, api: deps.ollama.api, allowedModels: servedModels, own: { ownsJob: deps.ownsJob, addresses },
      maxOutputTokens: s.earnMaxOutputTokens, deadlineMs: s.earnJobDeadlineS * 1000, pricePer1k: s.earnPricePer1k, verifyReceipt: deps.verifyReceipt, log: core.log, signal: stop.signal,
    }, assigned, buyer).finally(() => {
      serving--;
      lastHb = null; // heartbeat the true inflight at once
      onChange();
    });
  }

  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running || stop.signal.aborted) return;
    running = tick().catch((err: unknown) => core.log.error('earn.tick_failed', { err: String(err) })).finally(() => (running = null));
  }, deps.pollMs ?? 1_500);
  timer.unref();

  return {
    snapshot: (): EarnSnapshot | null => snap,
    minerId: () => minerIdFor(core.settings.get(), core.dataDir),
    async close(): Promise<void> {
      clearInterval(timer);
      stop.abort(new Error('earn stopped'));
      await running;
    },
  };
}
export type EarnRuntime = ReturnType<typeof startEarnRuntime>;
