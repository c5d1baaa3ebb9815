/**
 * Two answers OpenClaw 2026.9.6 handles only when they come exactly right (../shared/reference/openclaw.md §14.2):
 * a context overflow must be a 400 in Ollama's shape (OpenClaw compacts the history and retries; it does not fall
 * back on it), and a reply with no text and no tool call must never arrive as a normal final message (OpenClaw
 * retries empty replies): it becomes an explicit error instead.
 */

const OVERFLOW = /context (length|window|limit|size)|exceeds? (the )?(model'?s? )?(maximum )?context|prompt is too long|too many tokens/i;

/** True when a backend's error text says the prompt did not fit the model's context. */
export function isContextOverflow(message: string): boolean {
  return OVERFLOW.test(message);
}

/** The 400 message for an overflow: says so first (OpenClaw's classifier looks for "context length exceeded"). */
export function overflowMessage(detail: string): string {
  return /context length exceeded/i.test(detail) ? detail : `context length exceeded: ${detail}`;
}

/** True when one Ollama chat/generate object carries visible output: text, or a tool call. */
export function hasAnswer(obj: unknown): boolean {
  const o = (obj ?? {}) as { response?: unknown; message?: { content?: unknown; tool_calls?: unknown } };
  if (typeof o.response === 'string' && o.response.trim() !== '') return true;
  const m = o.message;
  if (!m || typeof m !== 'object') return false;
  if (typeof m.content === 'string' && m.content.trim() !== '') return true;
  return Array.isArray(m.tool_calls) && m.tool_calls.length > 0;
}

/** Load/unload answers (empty `messages` or `prompt`) are empty on purpose. */
export function emptyIsFine(doneReason: unknown): boolean {
  return doneReason === 'load' || doneReason === 'unload';
}

/** The explicit error that replaces an empty final message. */
export function emptyReplyMessage(model: string, doneReason: string | null): string {
  const why = doneReason === 'length' ? ' (it used up its token limit, num_predict, before answering)' : doneReason ? ` (done_reason: ${doneReason})` : '';
  return `${model} returned an empty reply: no text and no tool call${why}`;
}
