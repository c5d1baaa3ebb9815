import { z } from 'zod';

/**
 * Request bodies of the OpenAI-compatible endpoint (OpenAI's Chat Completions, Completions and Embeddings
 * APIs), checked with OpenAI's types. Loose objects: fields ClawGrid does not use (user, metadata, store…)
 * are accepted and ignored, as Ollama's own /v1 endpoints do.
 */
const modelField = z.string({ error: 'you must provide a model parameter' }).min(1, 'you must provide a model parameter');
const optNum = z.number().nullable().optional();
const stop = z.union([z.string(), z.array(z.string())]).nullable().optional();
const maxTokens = z.number().int().nonnegative().nullable().optional();
const streamOptions = z.object({ include_usage: z.boolean().optional() }).loose().nullable().optional();

const textPart = z.object({ type: z.literal('text'), text: z.string() }).loose();
const imagePart = z.object({ type: z.literal('image_url'), image_url: z.union([z.string(), z.object({ url: z.string() }).loose()]) }).loose();
const content = z.union([z.string(), z.array(z.union([textPart, imagePart])), z.null()]).optional();

export const openAiToolCallSchema = z
  .object({ id: z.string().optional(), type: z.literal('function').optional(), function: z.object({ name: z.string(), arguments: z.string() }).loose() })
  .loose();

const message = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
    content,
    name: z.string().optional(),
    tool_calls: z.array(openAiToolCallSchema).optional(),
    tool_call_id: z.string().optional(),
    reasoning: z.string().optional(),
  })
  .loose();
export type OpenAiMessage = z.infer<typeof message>;

const tool = z
  .object({ type: z.literal('function'), function: z.object({ name: z.string().min(1), description: z.string().optional(), parameters: z.unknown().optional() }).loose() })
  .loose();

const responseFormat = z
  .object({ type: z.enum(['text', 'json_object', 'json_schema']), json_schema: z.object({ schema: z.unknown().optional() }).loose().optional() })
  .loose()
  .optional();

/** The sampling fields both generation APIs share (mapped onto Ollama's options). */
const sampling = {
  model: modelField,
  stream: z.boolean().nullable().optional(),
  stream_options: streamOptions,
  max_tokens: maxTokens,
  temperature: optNum,
  top_p: optNum,
  seed: z.number().int().nullable().optional(),
  stop,
  frequency_penalty: optNum,
  presence_penalty: optNum,
  n: z.number().int().min(1).max(1, 'n: only one choice per request is supported').nullable().optional(),
  /** Ollama's own options (num_ctx…), which OpenClaw's `injectNumCtxForOpenAICompat` sends on /v1. */
  options: z.record(z.string(), z.unknown()).optional(),
};

export const chatCompletionSchema = z
  .object({
    ...sampling,
    messages: z.array(message).min(1, 'messages: at least one message is required'),
    max_completion_tokens: maxTokens,
    tools: z.array(tool).optional(),
    tool_choice: z.unknown().optional(),
    response_format: responseFormat,
    reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high']).nullable().optional(),
  })
  .loose();
export type ChatCompletionBody = z.infer<typeof chatCompletionSchema>;

export const completionSchema = z
  .object({
    ...sampling,
    prompt: z.union([z.string(), z.array(z.string()).length(1, 'prompt: only one prompt per request is supported')]),
    suffix: z.string().nullable().optional(),
    echo: z.boolean().nullable().optional(),
  })
  .loose();
export type CompletionBody = z.infer<typeof completionSchema>;

export const embeddingSchema = z
  .object({
    model: modelField,
    input: z.union([z.string(), z.array(z.string())], { error: 'input: a string or an array of strings is required (token arrays are not supported)' }),
    encoding_format: z.enum(['float', 'base64']).optional(),
    dimensions: z.number().int().positive().optional(),
  })
  .loose();
export type EmbeddingBody = z.infer<typeof embeddingSchema>;

/** The first problem as OpenAI states it: a message and the offending `param` (dotted path). */
export function firstProblem(err: z.ZodError): { message: string; param: string | null } {
  const i = err.issues[0];
  if (!i) return { message: 'invalid request', param: null };
  const param = i.path.length ? i.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[') : null;
  return { message: param && !i.message.startsWith(param.split(/[.[]/)[0]!) ? `${param}: ${i.message}` : i.message, param };
}
