import type { Readable } from 'node:stream';
import type { Agent, RequestLogEntry } from '../../shared/contract/routing';
import type { Decision } from '../../shared/domain/planner';
import type { ParsedModelTarget } from '../../shared/domain/model-target';

/** One /api/chat or /api/generate call, parsed and authenticated by its caller (the provider, jobs/route). */
export interface InferenceCall {
  kind: 'chat' | 'generate';
  body: { model: string; stream?: boolean; messages?: { role: string; content?: string }[]; prompt?: string; system?: string; tools?: unknown[]; think?: unknown; format?: unknown; options?: { num_ctx?: number; num_predict?: number } };
  /** The request body exactly as received (forwarded to Ollama unchanged when the model needs no rewrite). */
  raw: Buffer;
  parsed: ParsedModelTarget;
  agent: Agent;
  /** performance.now() when the request arrived. */
  arrivedAt: number;
}

/** Token counts and durations of a network answer, as Ollama's final object reports them. */
export interface PieceMetrics {
  promptTokens: number;
  evalTokens: number;
  durationMs: number;
}

/** A typed piece of an answer the engine composed itself (network answers, late errors). */
export type AnswerPiece =
  | { type: 'delta'; kind: 'chat' | 'generate'; model: string; createdAt: string; content?: string; thinking?: string; toolCalls?: unknown[] }
  | { type: 'done'; kind: 'chat' | 'generate'; model: string; createdAt: string; metrics: PieceMetrics }
  | { type: 'whole'; kind: 'chat' | 'generate'; model: string; createdAt: string; output: string; thinking?: string; toolCalls?: unknown[]; metrics: PieceMetrics }
  /** A stream that failed after it began ends with this (the HTTP status stays 200). */
  | { type: 'error'; message: string };

/** One chunk of an answer: raw bytes from the local Ollama passed through unparsed, or a typed piece. */
export type AnswerChunk = Buffer | AnswerPiece;

/** A refusal's cause: the admission codes (budget, price cap, approval, locked wallet) or the runaway guard. */
export type RunErrorCode = 'budget_exhausted' | 'over_price_cap' | 'approval_denied' | 'approval_timeout' | 'wallet_locked' | 'rate_limited';

/** Why the engine could not answer: an HTTP status and a message (never a write). */
export interface RunError {
  type: 'error';
  httpStatus: number;
  message: string;
  retryAfterMs?: number;
  /** Why, for wire adapters that name it (OpenAI's `code`): a spend refusal (admission's code) or the runaway guard. */
  code?: RunErrorCode;
  /** Ollama's own JSON error body, passed back exactly as it came. */
  ollamaBody?: string;
}

/** What the engine answers: an error, one whole body (non-streamed), or a stream of chunks. */
export type RunAnswer =
  | RunError
  | { type: 'whole'; chunk: AnswerChunk }
  /** Object-mode readable of AnswerChunk; reading it at the consumer's pace is the backpressure. */
  | { type: 'stream'; chunks: Readable };

/** The typed result of one engine run: decision, answer, and (when the answer is over) its metered record. */
export interface RunResult {
  requestId: string;
  decision: Decision;
  /** 'local', 'network', 'network:<miner>' or null when nothing ran. */
  backend: string | null;
  /** ClawGrid's own time before the answer's first byte (ms). */
  overheadMs: number;
  answer: RunAnswer;
  /** Settles once the answer was consumed, abandoned or failed: status, tokens, ttft, cost, backend, job id. */
  usage: Promise<RequestLogEntry>;
}

/** The hybrid execution engine: plan, run (local, network or a hedged race), answer, meter. */
export interface Engine {
  /**
   * Never rejects. `caller` aborts the run (the caller went away, reason 'client'): a signal the engine follows,
   * or the caller's AbortController handed over, which then is the run's own (the engine aborts it with
   * 'deadline'): one controller per request instead of two.
   */
  run(call: InferenceCall, caller: AbortSignal | AbortController): Promise<RunResult>;
  /** The hedge delay in use: p95 of warm local TTFTs seen so far. */
  hedgeDelayMs(): number;
}
