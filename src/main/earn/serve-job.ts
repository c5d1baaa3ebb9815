import { pythonJsonDumps } from '../../shared/domain/canonical-json';
import { checkJob, type OwnIdentity } from '../../shared/domain/earn-policy';
import type { Logger } from '../log/logger';
import { OllamaFailure, type OllamaApi, type OllamaCompletion } from '../ollama/port';
import type { ServedJobs } from './earn-jobs-store';
import type { AssignedJob, MinerWire } from './miner-wire';
import type { EarnReceiptVerdict } from './port';

export interface ServeContext {
  network: string;
  minerId: string;
  wire: MinerWire;
  jobs: ServedJobs;
  api: Pick<OllamaApi, 'chat' | 'generate'>;
  allowedModels: readonly string[];
  own: OwnIdentity;
  maxOutputTokens: number;
  deadlineMs: number;
  pricePer1k: string;
  verifyReceipt(receipt: unknown): Promise<EarnReceiptVerdict>;
  log: Logger;
  signal: AbortSignal;
}

/** Runs the job's payload on the local Ollama (chat when it carries messages, else generate), bounded and timed. */
async function runOnOllama(api: ServeContext['api'], payload: Record<string, unknown>, model: string, signal: AbortSignal): Promise<OllamaCompletion> {
  const common = { model, options: payload.options, ...(payload.think !== undefined ? { think: payload.think } : {}), ...(payload.format !== undefined ? { format: payload.format } : {}) };
  if (Array.isArray(payload.messages)) {
    const hasSystem = payload.messages.some((m) => (m as { role?: unknown }).role === 'system');
    const messages = typeof payload.system === 'string' && !hasSystem ? [{ role: 'system', content: payload.system }, ...payload.messages] : payload.messages;
    return api.chat({ ...common, messages, ...(Array.isArray(payload.tools) ? { tools: payload.tools } : {}) }, signal);
  }
  if (typeof payload.prompt !== 'string') throw new OllamaFailure('OLLAMA_BAD_REPLY', 'The job payload has neither messages nor prompt');
  return api.generate({ ...common, prompt: payload.prompt, ...(typeof payload.system === 'string' ? { system: payload.system } : {}) }, signal);
}

/**
 * One assigned job, start to end: refuse it (own job, model not allowed) via `/fail`, or run it with its deadline
 * and output bound, post the result, keep the coordinator's receipt and its verdict. The prompt and the answer
 * pass through memory only; the log gets the job id, model and token counts.
 */
export async function serveJob(c: ServeContext, job: AssignedJob, buyer: string | null): Promise<void> {
  const polledAt = Date.now();
  const model = typeof job.payload.model === 'string' ? job.payload.model : '?';
  const check = checkJob({ jobId: job.jobId, payload: job.payload, buyer }, { allowedModels: c.allowedModels, own: c.own, maxOutputTokens: c.maxOutputTokens });
  if (!check.ok) {
    c.jobs.taken(c.network, job.jobId, c.minerId, model, polledAt, 'refused');
    c.jobs.ended(c.network, job.jobId, { state: 'refused', error: check.message, at: Date.now(), promptTokens: null, outputTokens: null });
    c.log.warn('earn.job_refused', { jobId: job.jobId, code: check.code });
    await c.wire.fail(job.jobId, check.code, check.message).catch(() => undefined);
    return;
  }
  c.jobs.taken(c.network, job.jobId, c.minerId, check.model, polledAt);
  const deadline = AbortSignal.timeout(c.deadlineMs);
  const signal = AbortSignal.any([c.signal, deadline]);
  const started = performance.now();
  let out: OllamaCompletion;
  try {
    out = await runOnOllama(c.api, check.payload, check.model, signal);
  } catch (err) {
    if (c.signal.aborted) return; // stopping: the coordinator re-queues the job when this miner goes quiet
    const message = deadline.aborted ? `deadline exceeded: no answer within ${c.deadlineMs < 1000 ? `${c.deadlineMs} ms` : `${Math.round(c.deadlineMs / 1000)} s`}` : err instanceof Error ? err.message : String(err);
    const code = deadline.aborted ? 'deadline_exceeded' : err instanceof OllamaFailure && err.status === 404 ? 'model_not_found' : 'execution_error';
    c.jobs.ended(c.network, job.jobId, { state: 'failed', error: message, at: Date.now(), promptTokens: null, outputTokens: null });
    c.log.warn('earn.job_failed', { jobId: job.jobId, model: check.model, code });
    await c.wire.fail(job.jobId, code, message).catch(() => undefined);
    return;
  }
  const seconds = (performance.now() - started) / 1000;
  const units = (out.promptTokens + out.evalTokens) / 1000;
  const unitPrice = Number(c.pricePer1k);
  const result = { status: 'completed', output: out.content, model: out.model, tokens_processed: out.evalTokens, prompt_tokens: out.promptTokens, execution_time: seconds, gpu_used: true, ...(out.toolCalls ? { tool_calls: out.toolCalls } : {}) };
  const metrics = { duration_ms: Math.round(seconds * 1000), units, unit_type: '1k_tokens', unit_price: unitPrice, price: Math.round(units * unitPrice * 1e8) / 1e8 };
  try {
    const receipt = await c.wire.result(job.jobId, result, metrics);
    c.jobs.ended(c.network, job.jobId, { state: 'completed', error: null, at: Date.now(), promptTokens: out.promptTokens, outputTokens: out.evalTokens });
    if (receipt) {
      const verdict = await c.verifyReceipt(receipt).catch((err: unknown): EarnReceiptVerdict => ({ ok: null, reason: String(err) }));
      c.jobs.receipt(c.network, job.jobId, pythonJsonDumps(receipt, { ensureAscii: false }), verdict.ok, verdict.ok ? 'signature valid' : (verdict.reason ?? 'not verified'));
    }
    c.log.info('earn.job_served', { jobId: job.jobId, model: check.model, promptTokens: out.promptTokens, outputTokens: out.evalTokens, ms: Math.round(seconds * 1000) });
  } catch (err) {
    c.jobs.ended(c.network, job.jobId, { state: 'failed', error: `result not accepted: ${err instanceof Error ? err.message : String(err)}`, at: Date.now(), promptTokens: out.promptTokens, outputTokens: out.evalTokens });
    c.log.warn('earn.result_refused', { jobId: job.jobId, err: err instanceof Error ? err.message : String(err) });
  }
}
