import type { AnswerChunk } from '../run-types';

/** One Ollama tool call as the engine carries it (arguments an object, or a string some models emit). */
export interface FrameToolCall {
  id?: string;
  function: { name: string; arguments: unknown };
}

/** One step of an answer, whatever it came as (Ollama's raw NDJSON line or body, or a typed piece). */
export interface Frame {
  content: string;
  thinking: string;
  toolCalls: FrameToolCall[];
  done: boolean;
  doneReason: string | null;
  promptTokens: number;
  evalTokens: number;
  error: string | null;
}

const EMPTY: Frame = { content: '', thinking: '', toolCalls: [], done: false, doneReason: null, promptTokens: 0, evalTokens: 0, error: null };

function toolCallsOf(v: unknown): FrameToolCall[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((t: unknown) => {
    const f = (t as { function?: { name?: unknown; arguments?: unknown } } | null)?.function;
    if (!f || typeof f.name !== 'string') return [];
    const id = (t as { id?: unknown }).id;
    return [{ ...(typeof id === 'string' ? { id } : {}), function: { name: f.name, arguments: f.arguments ?? {} } }];
  });
}

/** One decoded Ollama object (/api/chat or /api/generate, streamed line or whole body) as a frame. */
export function frameOfOllama(o: Record<string, unknown>): Frame {
  if (typeof o.error === 'string') return { ...EMPTY, error: o.error };
  const msg = (o.message ?? null) as { content?: unknown; thinking?: unknown; tool_calls?: unknown } | null;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  return {
    content: msg ? str(msg.content) : str(o.response),
    thinking: msg ? str(msg.thinking) : str(o.thinking),
    toolCalls: msg ? toolCallsOf(msg.tool_calls) : [],
    done: o.done === true,
    doneReason: typeof o.done_reason === 'string' ? o.done_reason : null,
    promptTokens: num(o.prompt_eval_count),
    evalTokens: num(o.eval_count),
    error: null,
  };
}

/**
 * The frames in one answer chunk: a raw chunk from the local Ollama holds one or more complete NDJSON lines
 * (or the whole non-streamed body); a typed piece is one frame. A line that is not JSON is a stream error.
 */
export function framesOf(c: AnswerChunk): Frame[] {
  if (!Buffer.isBuffer(c)) {
    switch (c.type) {
      case 'error':
        return [{ ...EMPTY, error: c.message }];
      case 'delta':
        return [{ ...EMPTY, content: c.content ?? '', thinking: c.thinking ?? '', toolCalls: toolCallsOf(c.toolCalls) }];
      case 'done':
        return [{ ...EMPTY, done: true, doneReason: 'stop', promptTokens: c.metrics.promptTokens, evalTokens: c.metrics.evalTokens }];
      case 'whole':
        return [{ ...EMPTY, content: c.output, thinking: c.thinking ?? '', toolCalls: toolCallsOf(c.toolCalls), done: true, doneReason: 'stop', promptTokens: c.metrics.promptTokens, evalTokens: c.metrics.evalTokens }];
    }
  }
  const out: Frame[] = [];
  for (const line of c.toString('utf8').split('\n')) {
    const t = line.trim();
    if (!t) continue;
    try {
      out.push(frameOfOllama(JSON.parse(t) as Record<string, unknown>));
    } catch {
      out.push({ ...EMPTY, error: 'Ollama sent a malformed answer' });
    }
  }
  return out;
}
