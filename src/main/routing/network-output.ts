import type { NetworkInferenceResult } from './network-backend';
import type { AnswerPiece, PieceMetrics } from './run-types';

/**
 * Network jobs are not streamable: the finished output is replayed as typed pieces, deltas of about 32
 * characters split on word boundaries then a final piece (streamed), or one whole piece (non-streamed),
 * with real token counts. The provider encodes them in Ollama's shapes (ollama-encode.ts).
 */
export function networkPieces(kind: 'chat' | 'generate', model: string, r: NetworkInferenceResult, stream: boolean): AnswerPiece[] {
  const createdAt = new Date().toISOString();
  const metrics: PieceMetrics = { promptTokens: r.promptTokens, evalTokens: r.evalTokens, durationMs: r.durationMs };
  const toolCalls = kind === 'chat' && r.toolCalls?.length ? r.toolCalls : undefined;
  if (!stream) return [{ type: 'whole', kind, model, createdAt, output: r.output, ...(r.thinking ? { thinking: r.thinking } : {}), ...(toolCalls ? { toolCalls } : {}), metrics }];
  const out: AnswerPiece[] = [];
  for (const t of split(r.thinking ?? '')) out.push({ type: 'delta', kind, model, createdAt, thinking: t });
  if (toolCalls) out.push({ type: 'delta', kind, model, createdAt, toolCalls });
  for (const c of split(r.output)) out.push({ type: 'delta', kind, model, createdAt, content: c });
  out.push({ type: 'done', kind, model, createdAt, metrics });
  return out;
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
