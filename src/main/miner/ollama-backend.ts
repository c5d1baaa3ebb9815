import { z } from 'zod';
import { JobRejected, type InferenceBackend, type InferenceOutput } from './inference-backend';

const tagsSchema = z.object({ models: z.array(z.looseObject({ name: z.string() })) });
const generateSchema = z.looseObject({ model: z.string(), response: z.string(), thinking: z.string().optional(), prompt_eval_count: z.number().optional(), eval_count: z.number().optional() });
const chatSchema = z.looseObject({
  model: z.string(),
  message: z.looseObject({ content: z.string().default(''), thinking: z.string().optional(), tool_calls: z.array(z.unknown()).optional() }),
  prompt_eval_count: z.number().optional(),
  eval_count: z.number().optional(),
});

/**
 * Runs jobs on an Ollama-API server: `/api/chat` when the payload carries ClawGrid's `messages`, else
 * `/api/generate` with `prompt` like the reference miner. Never substitutes a model (a missing one is a failure).
 */
export function createOllamaBackend(opts: { url: string; timeoutMs?: number; fetch?: typeof fetch }): InferenceBackend {
  const base = opts.url.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  const post = async (path: string, body: unknown, signal: AbortSignal): Promise<unknown> => {
    const res = await doFetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.any([signal, AbortSignal.timeout(opts.timeoutMs ?? 600_000)]),
    });
    const text = await res.text();
    if (!res.ok) {
      let msg = text.slice(0, 300);
      try {
        msg = String((JSON.parse(text) as { error?: unknown }).error ?? msg);
      } catch {
        // plain text
      }
      throw new JobRejected(res.status === 404 ? 'model_not_found' : 'ollama_error', `Ollama ${res.status}: ${msg}`);
    }
    return JSON.parse(text);
  };
  return {
    kind: 'ollama',
    async models() {
      const res = await doFetch(`${base}/api/tags`, { signal: AbortSignal.timeout(5_000) });
      if (!res.ok) throw new Error(`Ollama /api/tags answered ${res.status}`);
      return tagsSchema.parse(await res.json()).models.map((m) => m.name);
    },
    async run(payload, signal): Promise<InferenceOutput> {
      const model = payload.model;
      if (typeof model !== 'string' || !model) throw new JobRejected('bad_payload', 'The job payload has no model');
      const started = performance.now();
      const common = { model, stream: false, ...(payload.options ? { options: payload.options } : {}), ...(payload.think !== undefined ? { think: payload.think } : {}), ...(payload.format !== undefined ? { format: payload.format } : {}) };
      if (Array.isArray(payload.messages)) {
        const messages = typeof payload.system === 'string' && !payload.messages.some((m) => (m as { role?: unknown }).role === 'system') ? [{ role: 'system', content: payload.system }, ...payload.messages] : payload.messages;
        const r = chatSchema.parse(await post('/api/chat', { ...common, messages, ...(Array.isArray(payload.tools) ? { tools: payload.tools } : {}) }, signal));
        return {
          status: 'completed', output: r.message.content, model: r.model, tokens_processed: r.eval_count ?? 0, prompt_tokens: r.prompt_eval_count ?? 0,
          execution_time: (performance.now() - started) / 1000,
          ...(r.message.tool_calls?.length ? { tool_calls: r.message.tool_calls } : {}),
          ...(r.message.thinking ? { thinking: r.message.thinking } : {}),
        };
      }
      if (typeof payload.prompt !== 'string') throw new JobRejected('bad_payload', 'The job payload has neither messages nor prompt');
      const r = generateSchema.parse(await post('/api/generate', { ...common, prompt: payload.prompt, ...(typeof payload.system === 'string' ? { system: payload.system } : {}) }, signal));
      return {
        status: 'completed', output: r.response, model: r.model, tokens_processed: r.eval_count ?? 0, prompt_tokens: r.prompt_eval_count ?? 0,
        execution_time: (performance.now() - started) / 1000, ...(r.thinking ? { thinking: r.thinking } : {}),
      };
    },
  };
}
