import { z } from 'zod';
import type { InstalledModel, LoadedModel, ModelFacts, OllamaCompletion } from './port';

// Ollama's replies as ClawGrid reads them. The official client types its results but checks nothing
// (and types some wrong: model_info is a plain object, `models` may be null), so every reply is parsed here.

const details = z.looseObject({
  family: z.string().optional(),
  parameter_size: z.string().optional(),
  quantization_level: z.string().optional(),
  context_length: z.number().optional(),
});

/** GET /api/tags. */
export const tagsSchema = z.object({
  models: z.array(z.looseObject({ name: z.string(), size: z.number().nonnegative().default(0), digest: z.string().default(''), details: details.optional() })).nullable(),
});

/** GET /api/ps: Ollama omits zero-valued fields (size_vram 0 = CPU only; context_length before 0.10.0). */
export const psSchema = z.object({
  models: z
    .array(
      z.looseObject({
        name: z.string(),
        size: z.number().nonnegative().optional(),
        expires_at: z.string().optional(),
        size_vram: z.number().nonnegative().optional(),
        context_length: z.number().int().nonnegative().optional(),
      }),
    )
    .nullable(),
});

/** POST /api/show. */
export const showSchema = z.object({
  license: z.string().optional(),
  parameters: z.string().optional(),
  details: details.partial().optional(),
  model_info: z.record(z.string(), z.unknown()).optional(),
  capabilities: z.array(z.string()).optional(),
});

/** One /api/pull progress line (error lines are turned into exceptions by the client). */
export const pullLineSchema = z.object({ status: z.string(), digest: z.string().optional(), total: z.number().nonnegative().optional(), completed: z.number().nonnegative().optional() });

/** A non-streamed /api/chat answer. */
export const chatSchema = z.looseObject({
  model: z.string(),
  message: z.looseObject({ content: z.string().default(''), thinking: z.string().optional(), tool_calls: z.array(z.unknown()).optional() }),
  prompt_eval_count: z.number().optional(),
  eval_count: z.number().optional(),
});

/** A non-streamed /api/generate answer. */
export const generateSchema = z.looseObject({ model: z.string(), response: z.string().default(''), thinking: z.string().optional(), prompt_eval_count: z.number().optional(), eval_count: z.number().optional() });

export function toInstalled(res: z.infer<typeof tagsSchema>): InstalledModel[] {
  return (res.models ?? []).map((m) => ({
    name: m.name,
    sizeBytes: m.size,
    digest: m.digest,
    family: m.details?.family ?? null,
    parameterSize: m.details?.parameter_size ?? null,
    quantization: m.details?.quantization_level ?? null,
    contextLength: m.details?.context_length ?? null,
    raw: m as Record<string, unknown>,
  }));
}

/** Keeps Ollama's order (latest expiry first). */
export function toLoaded(res: z.infer<typeof psSchema>): LoadedModel[] {
  return (res.models ?? []).map((m) => ({ name: m.name, sizeBytes: m.size ?? 0, sizeVramBytes: m.size_vram ?? 0, expiresAt: m.expires_at ?? null, contextLength: m.context_length ?? null }));
}

export function toFacts(s: z.infer<typeof showSchema>): ModelFacts {
  return {
    license: s.license ?? null,
    parameters: s.parameters ?? null,
    family: s.details?.family ?? null,
    parameterSize: s.details?.parameter_size ?? null,
    quantization: s.details?.quantization_level ?? null,
    modelInfo: s.model_info ?? {},
    capabilities: s.capabilities ?? [],
  };
}

export function chatCompletion(r: z.infer<typeof chatSchema>): OllamaCompletion {
  return {
    model: r.model,
    content: r.message.content,
    promptTokens: r.prompt_eval_count ?? 0,
    evalTokens: r.eval_count ?? 0,
    ...(r.message.thinking ? { thinking: r.message.thinking } : {}),
    ...(r.message.tool_calls?.length ? { toolCalls: r.message.tool_calls } : {}),
  };
}

export function generateCompletion(r: z.infer<typeof generateSchema>): OllamaCompletion {
  return { model: r.model, content: r.response, promptTokens: r.prompt_eval_count ?? 0, evalTokens: r.eval_count ?? 0, ...(r.thinking ? { thinking: r.thinking } : {}) };
}
