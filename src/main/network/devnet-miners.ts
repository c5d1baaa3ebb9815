import { createHash } from 'node:crypto';
import type { Logger } from '../log/logger';
import { createOllamaBackend, createSimulatedBackend, type InferenceBackend, type Miner, startMiner } from '../miner/port';
import { sleep } from '../aitbc/port';

/** Models the simulated devnet miners advertise when no Ollama answers (big ones: what you'd offload). */
export const SIMULATED_MODELS = ['llama3.1:70b', 'qwen2.5:72b'];

export interface DevnetMinerSpec {
  minerId: string;
  pricePer1kTokens: string;
  /** Extra latency per job, so routing and races between miners are visible. */
  latencyMs: number;
  region: string;
}

/** Two miners by default: a fast, pricier one and a slow, cheaper one. */
export function defaultMinerSpecs(count = 2): DevnetMinerSpec[] {
  const out: DevnetMinerSpec[] = [];
  for (let i = 0; i < count; i++) {
    out.push(i % 2 === 0
      ? { minerId: `devnet-miner-${i + 1}-fast`, pricePer1kTokens: (0.002 + i * 0.0005).toFixed(4), latencyMs: 0, region: 'devnet-a' }
      : { minerId: `devnet-miner-${i + 1}-cheap`, pricePer1kTokens: (0.001 + (i - 1) * 0.0005).toFixed(4), latencyMs: 1500, region: 'devnet-b' });
  }
  return out;
}

/** A deterministic, clearly fake payout address per devnet miner (play money). */
export function devnetPayoutAddress(minerId: string): string {
  return `0x${createHash('sha256').update(`devnet-payout:${minerId}`).digest('hex').slice(0, 40)}`;
}

function withLatency(b: InferenceBackend, ms: number): InferenceBackend {
  if (ms <= 0) return b;
  return { kind: b.kind, models: () => b.models(), run: async (p, s) => (await sleep(ms, s), b.run(p, s)) };
}

/** Whether an Ollama answers at `url` with at least one model. */
export async function ollamaModels(url: string): Promise<string[] | null> {
  try {
    return (await createOllamaBackend({ url }).models()).filter(Boolean);
  } catch {
    return null;
  }
}

/**
 * Starts the devnet's miners on the local Ollama, or — devnet play money only — on the labelled simulated
 * backend when no Ollama answers, so a fresh machine still completes a network job end to end.
 */
export async function startDevnetMiners(o: { coordinatorUrl: string; apiKey: string; ollamaUrl: string; specs: DevnetMinerSpec[]; log: Logger; pollMs?: number }): Promise<{ miners: Miner[]; specs: DevnetMinerSpec[]; simulated: boolean }> {
  const models = await ollamaModels(o.ollamaUrl);
  const simulated = !models || models.length === 0;
  if (simulated) o.log.warn('devnet.simulated_inference', { reason: `no Ollama with models at ${o.ollamaUrl}` });
  const miners = o.specs.map((spec) => {
    const base = simulated ? createSimulatedBackend({ models: SIMULATED_MODELS, tokensPerSecond: 200 }) : createOllamaBackend({ url: o.ollamaUrl });
    return startMiner({
      coordinatorUrl: o.coordinatorUrl, apiKey: o.apiKey, minerId: spec.minerId, backend: withLatency(base, spec.latencyMs),
      pricePer1kTokens: spec.pricePer1kTokens, region: spec.region, payoutAddress: devnetPayoutAddress(spec.minerId), pollMs: o.pollMs ?? 1_000, heartbeatMs: 10_000, log: o.log,
    });
  });
  return { miners, specs: o.specs, simulated };
}
