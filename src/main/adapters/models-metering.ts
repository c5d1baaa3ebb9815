import type { RequestLogEntry } from '../../shared/contract/routing';
import { parseModelTarget } from '../../shared/domain/model-target';
import type { MeteredRequest, MeteringReader } from '../models/catalog-ports';
import type { RoutingMeter } from '../routing/port';

/** One engine metering entry as the catalog reads it: who served it, the miner, and whether it was a fallback. */
export function toMeteredRequest(e: RequestLogEntry): MeteredRequest {
  const backend = e.backend ?? '';
  const servedBy = backend.startsWith('network') || (backend === '' && e.strategy === 'network') ? 'network' : 'local';
  const parsed = parseModelTarget(e.model);
  const minerId = backend.startsWith('network:') ? backend.slice('network:'.length) : parsed?.target.kind === 'miner' ? parsed.target.minerId : null;
  return {
    requestedModel: e.model,
    servedBy,
    minerId: servedBy === 'network' ? minerId : null,
    ok: e.status === 'ok',
    latencyMs: e.durationMs,
    ttftMs: e.ttftMs,
    evalTokens: e.evalTokens,
    totalTokens: e.promptTokens + e.evalTokens,
    // The engine re-plans onto the network when the local Ollama failed before answering.
    fallback: servedBy === 'network' && e.reasons.includes('local_down'),
    costAit: e.status === 'ok' || e.costAit !== '0' ? e.costAit : null,
    atMs: e.at,
  };
}

/** The catalog's metering port over routing's meter (its read API, never its table). */
export function engineMetering(meter: () => Pick<RoutingMeter, 'requestsSince'>): MeteringReader {
  return { requests: (sinceMs) => meter().requestsSince(sinceMs).map(toMeteredRequest) };
}
