import type { NetworkInferenceResult } from './network-backend';

/**
 * Network jobs are not streamable: the finished output is replayed in Ollama's shapes, as NDJSON
 * chunks (content split on word boundaries, ~32 chars a line) or as one non-streamed object, with real
 * token counts and nanosecond durations on the final line.
 */
export function networkLines(kind: 'chat' | 'generate', model: string, r: NetworkInferenceResult): string {
  const created = new Date().toISOString();
  const head = `{"model":${JSON.stringify(model)},"created_at":"${created}",`;
  const line = (delta: { content?: string; thinking?: string; tool_calls?: unknown }) =>
    kind === 'chat'
      ? `${head}"message":${JSON.stringify({ role: 'assistant', content: delta.content ?? '', ...(delta.thinking ? { thinking: delta.thinking } : {}), ...(delta.tool_calls ? { tool_calls: delta.tool_calls } : {}) })},"done":false}\n`
      : `${head}"response":${JSON.stringify(delta.content ?? '')}${delta.thinking ? `,"thinking":${JSON.stringify(delta.thinking)}` : ''},"done":false}\n`;
  let out = '';
  for (const t of split(r.thinking ?? '')) out += line({ thinking: t });
  if (kind === 'chat' && r.toolCalls?.length) out += line({ tool_calls: r.toolCalls });
  for (const c of split(r.output)) out += line({ content: c });
  const final = kind === 'chat' ? { message: { role: 'assistant', content: '' } } : { response: '' };
  out += JSON.stringify({ model, created_at: created, ...final, done: true, ...metricsFields(r) }) + '\n';
  return out;
}

/** The single object of a non-streamed answer. */
export function networkObject(kind: 'chat' | 'generate', model: string, r: NetworkInferenceResult): Record<string, unknown> {
  const created = new Date().toISOString();
  const body =
    kind === 'chat'
      ? { message: { role: 'assistant', content: r.output, ...(r.thinking ? { thinking: r.thinking } : {}), ...(r.toolCalls?.length ? { tool_calls: r.toolCalls } : {}) } }
      : { response: r.output, ...(r.thinking ? { thinking: r.thinking } : {}) };
  return { model, created_at: created, ...body, done: true, ...metricsFields(r) };
}

function metricsFields(r: NetworkInferenceResult) {
  const total = Math.max(1, Math.round(r.durationMs * 1e6));
  return {
    done_reason: 'stop',
    total_duration: total,
    load_duration: 0,
    prompt_eval_count: r.promptTokens,
    prompt_eval_duration: 0,
    eval_count: r.evalTokens,
    eval_duration: total,
  };
}

/** Splits text into chunks of about 32 characters at whitespace; the concatenation is the text. */
export function split(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const w of text.match(/\S+\s*|\s+/g) ?? []) {
    cur += w;
    if (cur.length >= 32) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}
