import type { RequestLogEntry, StrategyCounts } from '../../shared/contract/routing';
import { formatAmount, tryParseAmount, ZERO } from '../../shared/domain/decimal';
import type { EventHub } from '../events/event-hub';
import type { Db } from '../store/database';

/**
 * Every request's metering row. Recording is O(1) in memory; rows go to SQLite in one transaction per
 * flush (every 250 ms, or as soon as PERSIST_ROWS are waiting), never on the request's hot path, and
 * everything since the last flush goes out as one event.
 */
export interface Meter {
  record(entry: RequestLogEntry): void;
  /** Most recent first. */
  recent(): RequestLogEntry[];
  counts(): StrategyCounts;
  /** Every recorded request at or after `sinceMs` (persisted and not yet flushed), oldest first: read-only view for other features. */
  requestsSince(sinceMs: number): RequestLogEntry[];
  /** Per-agent totals over every recorded request (persisted and pending), one entry per id asked. */
  agentUsage(agentIds: readonly string[]): AgentUsage[];
  /** Called synchronously with every recorded request (telemetry counts from here, never from SQLite). */
  subscribe(listener: (entry: RequestLogEntry) => void): () => void;
  flush(): void;
  start(): void;
  stop(): void;
}

/** One agent's metered totals: requests, spend, which backends served it, and its current failure streak. */
export interface AgentUsage {
  agentId: string;
  requests: number;
  costAit: string;
  backends: { backend: string; requests: number }[];
  /** Consecutive failed requests, most recent first (0 when the last one succeeded). */
  failuresInARow: number;
}

const KEEP = 200;
/**
 * At most this many rows per transaction: a write blocks the event loop for its whole batch (~8 µs a row), so at
 * 1,000 req/s a 250 ms batch stalled the requests behind it ~2–4 ms (bench:provider's p99); 64 rows is ~0.5 ms.
 */
export const PERSIST_ROWS = 64;

interface Row {
  id: string;
  at_ms: number;
  agent_id: string;
  endpoint: string;
  model: string;
  strategy: string;
  reasons: string;
  explanation: string;
  backend: string | null;
  status: string;
  http_status: number;
  error: string | null;
  prompt_tokens: number;
  eval_tokens: number;
  ttft_ms: number | null;
  duration_ms: number;
  cost_ait: string;
  overhead_ms: number;
  job_id: string | null;
}

export function createMeter(db: Db, hub: EventHub, opts: { agentName: (id: string) => string; onFlush?: () => void; flushMs?: number }): Meter {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO routing_requests (id, at_ms, agent_id, endpoint, model, strategy, reasons, explanation, backend, status, http_status, error,
       prompt_tokens, eval_tokens, ttft_ms, duration_ms, cost_ait, overhead_ms, job_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const counts: StrategyCounts = { local: 0, network: 0, race: 0, none: 0 };
  for (const r of db.prepare('SELECT strategy, COUNT(*) AS n FROM routing_requests GROUP BY strategy').all() as { strategy: keyof StrategyCounts; n: number }[]) {
    if (r.strategy in counts) counts[r.strategy] = r.n;
  }
  const ring: RequestLogEntry[] = (db.prepare('SELECT * FROM routing_requests ORDER BY at_ms DESC LIMIT ?').all(KEEP) as Row[]).map((r) => fromRow(r, opts.agentName));
  const since = db.prepare('SELECT * FROM routing_requests WHERE at_ms >= ? ORDER BY at_ms');
  let pending: RequestLogEntry[] = [];
  /** Persisted since the last event (the hub keeps only an event's latest payload, so one event carries them all). */
  let unpublished: RequestLogEntry[] = [];
  const listeners = new Set<(entry: RequestLogEntry) => void>();
  let timer: NodeJS.Timeout | undefined;
  let soon: NodeJS.Immediate | null = null;

  const persist = () => {
    if (soon) clearImmediate(soon);
    soon = null;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    db.transaction(() => {
      // Positional binding: no row object per entry, in the table's column order.
      for (const e of batch) {
        insert.run(e.id, e.at, e.agentId, e.endpoint, e.model, e.strategy, JSON.stringify(e.reasons), e.explanation, e.backend, e.status, e.httpStatus, e.error, e.promptTokens, e.evalTokens, e.ttftMs, e.durationMs, e.costAit, e.overheadMs, e.jobId);
      }
    })();
    unpublished = unpublished.length ? unpublished.concat(batch) : batch;
  };
  const flush = () => {
    opts.onFlush?.();
    persist();
    if (unpublished.length === 0) return;
    const entries = unpublished;
    unpublished = [];
    hub.publish('routing.requests', { entries, counts: { ...counts } });
  };

  return {
    record(entry) {
      counts[entry.strategy]++;
      ring.unshift(entry);
      if (ring.length > KEEP) ring.length = KEEP;
      pending.push(entry);
      // After this turn's I/O (the answer is written first), not inside the request's own code.
      if (pending.length >= PERSIST_ROWS && !soon) soon = setImmediate(persist);
      for (const l of listeners) {
        try {
          l(entry);
        } catch {
          // a listener's failure never costs the request its metering row
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    recent: () => ring.slice(),
    counts: () => ({ ...counts }),
    requestsSince(sinceMs) {
      const stored = (since.all(sinceMs) as Row[]).map((r) => fromRow(r, opts.agentName));
      const seen = new Set(stored.map((e) => e.id));
      return [...stored, ...pending.filter((e) => e.at >= sinceMs && !seen.has(e.id))].sort((a, b) => a.at - b.at);
    },
    agentUsage(ids) {
      if (ids.length === 0) return [];
      const marks = ids.map(() => '?').join(',');
      const stored = db.prepare(`SELECT id, agent_id, backend, status, cost_ait, at_ms FROM routing_requests WHERE agent_id IN (${marks})`).all(...ids) as UsageRow[];
      const seen = new Set(stored.map((r) => r.id));
      const wanted = new Set(ids);
      for (const e of pending) {
        if (wanted.has(e.agentId) && !seen.has(e.id)) stored.push({ id: e.id, agent_id: e.agentId, backend: e.backend, status: e.status, cost_ait: e.costAit, at_ms: e.at });
      }
      stored.sort((a, b) => b.at_ms - a.at_ms);
      return ids.map((id) => usageOf(id, stored.filter((r) => r.agent_id === id)));
    },
    flush,
    start() {
      if (timer) return;
      timer = setInterval(flush, opts.flushMs ?? 250);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      flush();
    },
  };
}

interface UsageRow {
  id: string;
  agent_id: string;
  backend: string | null;
  status: string;
  cost_ait: string;
  at_ms: number;
}

/** Totals over one agent's rows, most recent first. */
function usageOf(agentId: string, mine: UsageRow[]): AgentUsage {
  let cost = ZERO;
  const backends = new Map<string, number>();
  for (const r of mine) {
    cost += tryParseAmount(r.cost_ait) ?? ZERO;
    const b = r.backend ?? 'none';
    backends.set(b, (backends.get(b) ?? 0) + 1);
  }
  const firstOk = mine.findIndex((r) => r.status === 'ok');
  const streak = firstOk === -1 ? mine : mine.slice(0, firstOk);
  return {
    agentId,
    requests: mine.length,
    costAit: formatAmount(cost),
    backends: [...backends].map(([backend, requests]) => ({ backend, requests })),
    failuresInARow: streak.filter((r) => r.status === 'error').length,
  };
}

function fromRow(r: Row, agentName: (id: string) => string): RequestLogEntry {
  return {
    id: r.id,
    at: r.at_ms,
    agentId: r.agent_id,
    agentName: agentName(r.agent_id),
    endpoint: r.endpoint as RequestLogEntry['endpoint'],
    model: r.model,
    strategy: r.strategy as RequestLogEntry['strategy'],
    reasons: JSON.parse(r.reasons) as RequestLogEntry['reasons'],
    explanation: r.explanation,
    backend: r.backend,
    status: r.status as RequestLogEntry['status'],
    httpStatus: r.http_status,
    error: r.error,
    promptTokens: r.prompt_tokens,
    evalTokens: r.eval_tokens,
    ttftMs: r.ttft_ms,
    durationMs: r.duration_ms,
    tokensPerSecond: r.ttft_ms !== null && r.duration_ms > r.ttft_ms && r.eval_tokens > 0 ? (r.eval_tokens * 1000) / (r.duration_ms - r.ttft_ms) : null,
    costAit: r.cost_ait,
    overheadMs: r.overhead_ms,
    jobId: r.job_id,
  };
}
