import { z } from 'zod';

/**
 * Request bodies ClawGrid accepts on its Ollama-compatible endpoint. Loose objects: every field a
 * client sends (truncate, shift, format, logprobs…) is forwarded to Ollama unchanged; only what the
 * engine reads is checked, with Ollama's own types.
 */
const keepAlive = z.union([z.number(), z.string()]).optional();
const think = z.union([z.boolean(), z.enum(['low', 'medium', 'high', 'max'])]).optional();
const options = z
  .object({ num_ctx: z.number().int().positive().optional(), num_predict: z.number().int().optional() })
  .loose()
  .optional();

const toolCall = z.object({ id: z.string().optional(), function: z.object({ name: z.string(), arguments: z.union([z.record(z.string(), z.unknown()), z.string()]) }).loose() }).loose();

export const messageSchema = z
  .object({
    role: z.string(),
    content: z.string().optional(),
    images: z.array(z.string()).optional(),
    thinking: z.string().optional(),
    tool_calls: z.array(toolCall).optional(),
    tool_name: z.string().optional(),
    tool_call_id: z.string().optional(),
  })
  .loose();

const modelField = z.string({ error: 'model is required' }).min(1, 'model is required');

export const chatBodySchema = z
  .object({
    model: modelField,
    messages: z.array(messageSchema).optional(),
    stream: z.boolean().optional(),
    tools: z.array(z.unknown()).optional(),
    think,
    keep_alive: keepAlive,
    options,
    format: z.unknown().optional(),
  })
  .loose();
export type ChatBody = z.infer<typeof chatBodySchema>;

export const generateBodySchema = z
  .object({
    model: modelField,
    prompt: z.string().optional(),
    system: z.string().optional(),
    stream: z.boolean().optional(),
    think,
    keep_alive: keepAlive,
    options,
    format: z.unknown().optional(),
  })
  .loose();
export type GenerateBody = z.infer<typeof generateBodySchema>;

export const embedBodySchema = z
  .object({ model: modelField, input: z.union([z.string(), z.array(z.string())], { error: 'invalid input type' }).optional(), keep_alive: keepAlive })
  .loose();
export type EmbedBody = z.infer<typeof embedBodySchema>;

/** Legacy /api/embeddings: one `prompt` per request. */
export const embeddingsBodySchema = z.object({ model: modelField, prompt: z.string({ error: 'prompt must be a string' }).optional(), keep_alive: keepAlive }).loose();

/** `name` is Ollama's deprecated alias for `model` on /api/show and /api/pull. */
export const showBodySchema = z
  .object({ model: z.string().optional(), name: z.string().optional() })
  .loose()
  .refine((b) => Boolean(b.model || b.name), { message: 'model is required' });

/** The first zod message, as Ollama would phrase a 400. */
export function firstIssue(err: z.ZodError): string {
  const i = err.issues[0];
  if (!i) return 'invalid request';
  const path = i.path.map(String).join('.');
  return path && !i.message.includes(path) && i.message !== 'model is required' ? `${path}: ${i.message}` : i.message;
}
