import { createOllamaApi, OllamaFailure, type OllamaCompletion } from '../ollama/port';
import { JobRejected, type InferenceBackend, type InferenceOutput } from './inference-backend';

/**
 * Runs jobs on an Ollama-API server through the official client: `/api/chat` when the payload carries
 * ClawGrid's `messages`, else `/api/generate` with `prompt` like the reference miner. Never substitutes a
 * model (a missing one is a failure). An HTTP error from Ollama rejects the job; a connection failure throws.
 */
export function createOllamaBackend(opts: { url: string; timeoutMs?: number; fetch?: typeof fetch }): InferenceBackend {
  const api = createOllamaApi(opts.url, { ...(opts.fetch ? { fetch: opts.fetch } : {}), inferenceTimeoutMs: opts.timeoutMs ?? 600_000 });
  const rejectHttp = (err: unknown): never => {
    if (err instanceof OllamaFailure && err.code === 'OLLAMA_HTTP') {
      throw new JobRejected(err.status === 404 ? 'model_not_found' : 'ollama_error', `Ollama ${err.status}: ${err.message.replace(/^Ollama: /, '')}`);
    }
    throw err;
  };
  const output = (r: OllamaCompletion, started: number): InferenceOutput => ({
    status: 'completed',
    output: r.content,
    model: r.model,
    tokens_processed: r.evalTokens,
    prompt_tokens: r.promptTokens,
    execution_time: (performance.now() - started) / 1000,
    ...(r.toolCalls ? { tool_calls: r.toolCalls } : {}),
    ...(r.thinking ? { thinking: r.thinking } : {}),
  });
  return {
    kind: 'ollama',
    async models() {
      return (await api.list()).map((m) => m.name);
    },
    async run(payload, signal) {
      const model = payload.model;
      if (typeof model !== 'string' || !model) throw new JobRejected('bad_payload', 'The job payload has no model');
      const started = performance.now();
      const common = { model, ...(payload.options ? { options: payload.options } : {}), ...(payload.think !== undefined ? { think: payload.think } : {}), ...(payload.format !== undefined ? { format: payload.format } : {}) };
      if (Array.isArray(payload.messages)) {
        const messages = typeof payload.system === 'string' && !payload.messages.some((m) => (m as { role?: unknown }).role === 'system') ? [{ role: 'system', content: payload.system }, ...payload.messages] : payload.messages;
        const r = await api.chat({ ...common, messages, ...(Array.isArray(payload.tools) ? { tools: payload.tools } : {}) }, signal).catch(rejectHttp);
        return output(r, started);
      }
      if (typeof payload.prompt !== 'string') throw new JobRejected('bad_payload', 'The job payload has neither messages nor prompt');
      const r = await api.generate({ ...common, prompt: payload.prompt, ...(typeof payload.system === 'string' ? { system: payload.system } : {}) }, signal).catch(rejectHttp);
      return output(r, started);
    },
  };
}
