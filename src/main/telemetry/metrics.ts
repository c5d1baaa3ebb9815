import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GpuSample } from '../../shared/contract/monitor';
import type { RequestLogEntry } from '../../shared/contract/routing';
import { formatAmount, tryParseAmount, ZERO, type Amount } from '../../shared/domain/decimal';

/** One agent's budget headroom right now (a decimal AIT string); agents without a limit are left out. */
export interface BudgetHeadroom {
  agentId: string;
  remainingAit: string;
}

/**
 * ClawGrid's Prometheus metrics in their own registry (never prom-client's global one, so nothing a
 * dependency registers leaks into the scrape). Counts come from metered requests as they are recorded;
 * GPU gauges from the monitor's latest sample; budgets are read once per scrape.
 */
export interface ClawgridMetrics {
  readonly registry: Registry;
  /** Counts one finished request (every endpoint: chat, generate, embed). */
  observe(entry: RequestLogEntry): void;
  /** The monitor's newest GPU sample. */
  gpus(gpus: readonly GpuSample[]): void;
  /** Text exposition format, what `GET /metrics` answers. */
  scrape(): Promise<string>;
}

/** Every metric ClawGrid exposes (the dashboard test checks the dashboard references only these). */
export const METRIC_NAMES = [
  'clawgrid_requests_total',
  'clawgrid_tokens_total',
  'clawgrid_spend_ait_total',
  'clawgrid_budget_remaining_ait',
  'clawgrid_ttft_seconds',
  'clawgrid_gpu_utilization_ratio',
  'clawgrid_gpu_memory_used_bytes',
] as const;

/** Money stays exact until the last step: sums in AIT base units, one float only in the exposition. */
const toFloat = (a: Amount) => Number(formatAmount(a));

export function createClawgridMetrics(budgets: () => Promise<readonly BudgetHeadroom[]> = async () => []): ClawgridMetrics {
  const registry = new Registry();
  const spend = new Map<string, Amount>();
  let latestGpus: readonly GpuSample[] = [];

  const requests = new Counter({
    name: 'clawgrid_requests_total',
    help: 'Provider requests by agent, backend that answered (none when nothing did), routing decision and outcome.',
    labelNames: ['agent', 'backend', 'decision', 'status'] as const,
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'clawgrid_tokens_total',
    help: 'Tokens by agent, backend and direction (input = prompt, output = generated).',
    labelNames: ['agent', 'backend', 'direction'] as const,
    registers: [registry],
  });
  new Counter({
    name: 'clawgrid_spend_ait_total',
    help: 'AIT spent on the GPU network per agent since ClawGrid started (summed exactly, exposed as a float).',
    labelNames: ['agent'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [agent, a] of spend) this.inc({ agent }, toFloat(a));
    },
  });
  new Gauge({
    name: 'clawgrid_budget_remaining_ait',
    help: 'AIT an agent may still spend in its current budget period (agents with a limit only).',
    labelNames: ['agent'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const b of await budgets().catch(() => [])) {
        const a = tryParseAmount(b.remainingAit);
        if (a !== null) this.set({ agent: b.agentId }, toFloat(a));
      }
    },
  });
  const ttft = new Histogram({
    name: 'clawgrid_ttft_seconds',
    help: 'Time to first token of answered requests, by backend.',
    labelNames: ['backend'] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'clawgrid_gpu_utilization_ratio',
    help: 'GPU utilization (0–1) from the latest nvidia-smi sample; absent where it is not reported (MIG).',
    labelNames: ['gpu'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const g of latestGpus) if (g.utilGpuPct !== null) this.set({ gpu: String(g.index) }, g.utilGpuPct / 100);
    },
  });
  new Gauge({
    name: 'clawgrid_gpu_memory_used_bytes',
    help: 'GPU memory in use from the latest nvidia-smi sample.',
    labelNames: ['gpu'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const g of latestGpus) if (g.memUsedMiB !== null) this.set({ gpu: String(g.index) }, g.memUsedMiB * 1024 * 1024);
    },
  });

  return {
    registry,
    observe(e) {
      const backend = e.backend ?? 'none';
      requests.inc({ agent: e.agentId, backend, decision: e.strategy, status: e.status });
      if (e.promptTokens > 0) tokens.inc({ agent: e.agentId, backend, direction: 'input' }, e.promptTokens);
      if (e.evalTokens > 0) tokens.inc({ agent: e.agentId, backend, direction: 'output' }, e.evalTokens);
      const cost = tryParseAmount(e.costAit) ?? ZERO;
      if (cost > ZERO) spend.set(e.agentId, (spend.get(e.agentId) ?? ZERO) + cost);
      if (e.ttftMs !== null && e.status === 'ok') ttft.observe({ backend }, e.ttftMs / 1000);
    },
    gpus(g) {
      latestGpus = g;
    },
    scrape: () => registry.metrics(),
  };
}
