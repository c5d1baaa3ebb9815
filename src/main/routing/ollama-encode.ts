import type { AnswerChunk, AnswerPiece, PieceMetrics } from './run-types';

/**
 * Answer chunks in Ollama's wire shapes (../shared/reference/ollama-api.md): raw bytes as they are, typed
 * pieces as one NDJSON line each (streamed) or one JSON object (whole). Pure and deterministic: the proof
 * chain commits to exactly the bytes the provider writes.
 */
export function encodeChunk(c: AnswerChunk, stream: boolean): Buffer | string {
  if (Buffer.isBuffer(c)) return c;
  const text = JSON.stringify(pieceObject(c));
  return stream ? text + '\n' : text;
}

/** The whole answer as text (in-process callers, the proof chain). */
export function encodeAll(chunks: readonly AnswerChunk[], stream: boolean): string {
  let out = '';
  for (const c of chunks) {
    const e = encodeChunk(c, stream);
    out += typeof e === 'string' ? e : e.toString('utf8');
  }
  return out;
}

function pieceObject(p: AnswerPiece): Record<string, unknown> {
  if (p.type === 'error') return { error: p.message };
  const head = { model: p.model, created_at: p.createdAt };
  if (p.type === 'delta') {
    if (p.kind === 'chat') {
      return { ...head, message: { role: 'assistant', content: p.content ?? '', ...(p.thinking ? { thinking: p.thinking } : {}), ...(p.toolCalls ? { tool_calls: p.toolCalls } : {}) }, done: false };
    }
    return { ...head, response: p.content ?? '', ...(p.thinking ? { thinking: p.thinking } : {}), done: false };
  }
  if (p.type === 'done') {
    const final = p.kind === 'chat' ? { message: { role: 'assistant', content: '' } } : { response: '' };
    return { ...head, ...final, done: true, ...metricsFields(p.metrics) };
  }
  const body =
    p.kind === 'chat'
      ? { message: { role: 'assistant', content: p.output, ...(p.thinking ? { thinking: p.thinking } : {}), ...(p.toolCalls ? { tool_calls: p.toolCalls } : {}) } }
      : { response: p.output, ...(p.thinking ? { thinking: p.thinking } : {}) };
  return { ...head, ...body, done: true, ...metricsFields(p.metrics) };
}

function metricsFields(m: PieceMetrics) {
  const total = Math.max(1, Math.round(m.durationMs * 1e6));
  return {
    done_reason: 'stop',
    total_duration: total,
    load_duration: 0,
    prompt_eval_count: m.promptTokens,
    prompt_eval_duration: 0,
    eval_count: m.evalTokens,
    eval_duration: total,
  };
}
