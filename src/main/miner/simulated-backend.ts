import { sleep } from '../aitbc/port';
import { JobRejected, type InferenceBackend, type InferenceOutput } from './inference-backend';

export const SIMULATED_PREFIX = '[DEVNET SIMULATED INFERENCE — no model ran]';

/**
 * DEVNET PLAY-MONEY ONLY: when no Ollama answers, the devnet miners still complete jobs so a newcomer's
 * first network job runs end to end. The output says plainly that it is simulated (an echo of the prompt),
 * the result carries `simulated: true`, and offers are labelled "simulated". Never used against a real network.
 */
export function createSimulatedBackend(opts: { models: string[]; latencyMs?: number; tokensPerSecond?: number }): InferenceBackend {
  return {
    kind: 'simulated',
    models: async () => opts.models,
    async run(payload, signal): Promise<InferenceOutput> {
      const model = payload.model;
      if (typeof model !== 'string' || !opts.models.includes(model)) throw new JobRejected('model_not_found', `model "${String(model)}" not found`);
      const started = performance.now();
      const msgs = Array.isArray(payload.messages) ? (payload.messages as { role?: unknown; content?: unknown }[]) : [];
      const lastUser = [...msgs].reverse().find((m) => m.role === 'user');
      const prompt = typeof lastUser?.content === 'string' ? lastUser.content : typeof payload.prompt === 'string' ? payload.prompt : '';
      const output = `${SIMULATED_PREFIX} echo: ${prompt.slice(0, 500)}`;
      const evalTokens = Math.max(1, Math.ceil(output.length / 4));
      const delay = (opts.latencyMs ?? 0) + (opts.tokensPerSecond ? (evalTokens / opts.tokensPerSecond) * 1000 : 0);
      if (delay > 0) await sleep(delay, signal);
      return {
        status: 'completed', output, model, tokens_processed: evalTokens, prompt_tokens: Math.max(1, Math.ceil(prompt.length / 4)),
        execution_time: (performance.now() - started) / 1000, simulated: true,
      };
    },
  };
}
