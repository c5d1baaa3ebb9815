import type http from 'node:http';
import { pipeline, Transform } from 'node:stream';
import type { AnswerChunk, RunResult } from '../run-types';
import { clawgridHeaders, sendJson } from '../wire-out';
import { framesOf } from './ollama-frames';
import { createOpenAiEncoder, type EncodeMeta, type OpenAiEncoder } from './openai-encode';
import { sendOpenAiError, sendRunError } from './openai-errors';

/**
 * Writes one engine result as OpenAI's HTTP answer: its error object with the status, one JSON body, or an
 * SSE stream (`data: {…}` events, `data: [DONE]`) piped with backpressure exactly as the Ollama adapter does:
 * a slow client pauses the engine's stream and with it Ollama's socket. `x-clawgrid-*` headers on every answer.
 */
export function writeOpenAiRun(res: http.ServerResponse, r: RunResult, meta: Omit<EncodeMeta, 'id' | 'created'>): void {
  const headers = clawgridHeaders({ requestId: r.requestId, strategy: r.decision.strategy, backend: r.backend, overheadMs: r.overheadMs });
  const a = r.answer;
  if (a.type === 'error') return sendRunError(res, a, headers);
  const enc = createOpenAiEncoder({ ...meta, id: `${meta.kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${r.requestId}`, created: Math.floor(Date.now() / 1000) });
  if (a.type === 'whole') {
    const frames = framesOf(a.chunk);
    const bad = frames.find((f) => f.error !== null);
    if (bad) return sendOpenAiError(res, 502, bad.error!, {}, headers);
    return sendJson(res, 200, enc.whole(frames), headers);
  }
  if (res.destroyed) {
    a.chunks.destroy();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers });
  pipeline(a.chunks, sseEncoder(enc), res, () => {
    // A client that hung up (or any broken write) ends here; the engine's run was aborted with it.
    if (!res.writableEnded) res.destroy();
  });
}

/** Answer chunks → SSE bytes. */
function sseEncoder(enc: OpenAiEncoder): Transform {
  return new Transform({
    writableObjectMode: true,
    readableObjectMode: false,
    transform(c: AnswerChunk, _enc, cb) {
      let out = '';
      for (const f of framesOf(c)) out += enc.sse(f);
      cb(null, out || undefined);
    },
  });
}
