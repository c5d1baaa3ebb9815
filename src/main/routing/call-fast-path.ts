import type { InferenceCall } from './run-types';

/**
 * The common chat/generate body checked by hand, before zod: a model name, plain `{role, content}` messages
 * (or a prompt/system), and the usual scalar options. Accepts only bodies `chatBodySchema` / `generateBodySchema`
 * accept too, and returns them as they are (zod's loose objects would return an equal copy); anything else —
 * tool calls, images, an unexpected type — returns null and goes through zod, which decides and words the 400.
 * zod measured 17–20 µs of a local request's CPU on the provider (bench:provider profile); this is ~1 µs.
 */
export function fastInferenceBody(kind: 'chat' | 'generate', json: unknown): InferenceCall['body'] | null {
  if (!isPlainObject(json)) return null;
  const b = json;
  if (typeof b.model !== 'string' || b.model.length === 0) return null;
  if (!optional(b.stream, isBoolean) || !optional(b.keep_alive, isNumberOrString) || !optional(b.think, isThink) || !optional(b.options, isOptions)) return null;
  if (kind === 'chat') {
    if (b.messages !== undefined && !(Array.isArray(b.messages) && b.messages.every(isPlainMessage))) return null;
    if (b.tools !== undefined && !Array.isArray(b.tools)) return null;
  } else if (!optional(b.prompt, isString) || !optional(b.system, isString)) {
    return null;
  }
  return b as InferenceCall['body'];
}

const THINK_LEVELS = new Set(['low', 'medium', 'high', 'max']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isBoolean = (v: unknown) => typeof v === 'boolean';
const isString = (v: unknown) => typeof v === 'string';
const isNumberOrString = (v: unknown) => (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string';
const isThink = (v: unknown) => typeof v === 'boolean' || (typeof v === 'string' && THINK_LEVELS.has(v));
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);

function isOptions(v: unknown): boolean {
  if (!isPlainObject(v)) return false;
  const { num_ctx: ctx, num_predict: predict } = v;
  return (ctx === undefined || (Number.isSafeInteger(ctx) && (ctx as number) > 0)) && (predict === undefined || Number.isSafeInteger(predict));
}

/** `{role, content?}` only: any other field the schema checks (images, thinking, tool calls…) takes zod's path. */
function isPlainMessage(m: unknown): boolean {
  if (!isPlainObject(m) || typeof m.role !== 'string' || !optional(m.content, isString)) return false;
  return m.images === undefined && m.thinking === undefined && m.tool_calls === undefined && m.tool_name === undefined && m.tool_call_id === undefined;
}
