import type { Decision } from '../../shared/domain/planner';
import type { Logger } from '../log/logger';
import type { ExecutedRequest, OnExecuted } from './execution-port';
import type { Meter } from './meter';
import type { FinalMetrics } from './ndjson-relay';
import type { OllamaUpstream } from './ollama-upstream';
import type { PlanSources } from './plan-input';
import type { RunawayGuard } from './runaway-guard';
import type { InferenceCall, RunAnswer, RunErrorCode } from './run-types';

/** What the engine runs on: the plan sources, the Ollama client, meter, runaway guard, deadline and proof port. */
export interface EngineDeps extends PlanSources {
  upstream: OllamaUpstream;
  meter: Meter;
  guard: RunawayGuard;
  log: Logger;
  /** Every request ends within this (an error line or a 503), default 300 s like OpenClaw's provider timeout. */
  deadlineMs: number;
  networkTtlSeconds: number;
  /** A network job stuck this long in QUEUED / RUNNING is cancelled and moved to another miner (see network-run.ts). */
  progressDeadline: { queuedMs: number; runningMs: number };
  /** The proof chain's port: one call per execution that answered completely (see execution-port.ts). */
  onExecuted?: OnExecuted;
}

/** How an execution's answer ended: the metering and proof inputs. */
export interface ExecEnd {
  ok: boolean;
  httpStatus: number;
  error: string | null;
  metrics: FinalMetrics;
  /** What was answered, by reference, for the proof chain (set only on complete answers). */
  executed?: Pick<ExecutedRequest, 'backend' | 'response' | 'receipt' | 'network'>;
}

/** One execution (local, network or race): the answer now, how it ended (later, for streams). */
export interface Exec {
  answer: RunAnswer;
  backend: string | null;
  overheadMs: number;
  ttftMs: number | null;
  costAit: string;
  jobId: string | null;
  end: ExecEnd | Promise<ExecEnd>;
}

/** What the executors share for one request. */
export interface ExecContext {
  d: EngineDeps;
  call: InferenceCall;
  decision: Decision;
  signal: AbortSignal;
  requestId: string;
  stream: boolean;
  numCtx: number | undefined;
  chars: number;
  /** Warm local TTFTs (ms) for the hedge delay; executors append. */
  warmTtfts: number[];
  /** The network job id once one was created. */
  jobId: string | null;
}

export const NO_METRICS: FinalMetrics = { promptTokens: 0, evalTokens: 0, doneReason: null };

/** An execution that produced no answer: an error value. */
export function failed(httpStatus: number, message: string, backend: string | null, overheadMs: number, extra: { retryAfterMs?: number; ollamaBody?: string; jobId?: string | null; errorText?: string; code?: RunErrorCode } = {}): Exec {
  return {
    answer: { type: 'error', httpStatus, message, ...(extra.retryAfterMs !== undefined ? { retryAfterMs: extra.retryAfterMs } : {}), ...(extra.ollamaBody !== undefined ? { ollamaBody: extra.ollamaBody } : {}), ...(extra.code ? { code: extra.code } : {}) },
    backend,
    overheadMs,
    ttftMs: null,
    costAit: '0',
    jobId: extra.jobId ?? null,
    end: { ok: false, httpStatus, error: extra.errorText ?? message, metrics: NO_METRICS },
  };
}
