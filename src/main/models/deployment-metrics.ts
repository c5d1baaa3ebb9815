import type { Deployment, DeploymentMetrics } from '../../shared/contract/models';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import { parseModelTarget } from '../../shared/domain/model-target';
import type { MeteredRequest } from './catalog-ports';

/** Requests that belong to a deployment: the same model, and for a pinned one the same miner. */
function belongs(d: Deployment, r: MeteredRequest): boolean {
  const parsed = parseModelTarget(r.requestedModel);
  if (!parsed || parsed.model !== d.model) return false;
  if (d.minerId) return parsed.target.kind === 'miner' && parsed.target.minerId === d.minerId;
  return parsed.target.kind !== 'miner';
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const idx = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, idx)]!;
}

/** The plan's deployment metrics over metered requests; money stays exact (decimal strings). */
export function deploymentMetrics(d: Deployment, requests: readonly MeteredRequest[]): DeploymentMetrics {
  const mine = requests.filter((r) => belongs(d, r));
  const n = mine.length;
  const latencies = mine.map((r) => r.latencyMs).sort((a, b) => a - b);
  let spent = 0n;
  let tokens = 0;
  for (const r of mine) {
    if (r.costAit) {
      try {
        spent += parseAmount(r.costAit);
      } catch {
        // a malformed cost is not counted
      }
    }
    tokens += r.totalTokens;
  }
  return {
    deploymentId: d.id,
    requests: n,
    errorRate: n ? mine.filter((r) => !r.ok).length / n : null,
    avgLatencyMs: n ? latencies.reduce((a, b) => a + b, 0) / n : null,
    p95LatencyMs: percentile(latencies, 0.95),
    localShare: n ? mine.filter((r) => r.servedBy === 'local').length / n : null,
    fallbacks: mine.filter((r) => r.fallback).length,
    aitSpent: formatAmount(spent),
    costPer1kTokensAit: tokens > 0 ? formatAmount((spent * 1000n) / BigInt(tokens)) : null,
  };
}
