import type http from 'node:http';
import { pipeline, Transform } from 'node:stream';
import { encodeChunk } from './ollama-encode';
import type { AnswerChunk, RunResult } from './run-types';
import { clawgridHeaders, sendError, sendJson, startNdjson } from './wire-out';

/**
 * Writes one engine result as Ollama's HTTP answer: an `{"error"}` body with its status, one JSON body, or
 * an NDJSON stream piped with backpressure (a slow client pauses Ollama's socket). `x-clawgrid-*` headers
 * on every answer.
 */
export function writeRun(res: http.ServerResponse, r: RunResult): void {
  const headers = clawgridHeaders({ requestId: r.requestId, strategy: r.decision.strategy, backend: r.backend, overheadMs: r.overheadMs });
  const a = r.answer;
  if (a.type === 'error') {
    if (a.ollamaBody !== undefined) return sendJson(res, a.httpStatus, a.ollamaBody, headers);
    return sendError(res, a.httpStatus, a.message, headers, a.retryAfterMs);
  }
  if (a.type === 'whole') return sendJson(res, 200, encodeChunk(a.chunk, false), headers);
  if (res.destroyed) {
    a.chunks.destroy();
    return;
  }
  startNdjson(res, headers);
  pipeline(a.chunks, ndjsonEncoder(), res, () => {
    // A client that hung up (or any broken write) ends here; the engine's run was aborted with it.
    if (!res.writableEnded) res.destroy();
  });
}

/** Answer chunks → NDJSON bytes (raw chunks as they are). */
function ndjsonEncoder(): Transform {
  return new Transform({
    writableObjectMode: true,
    readableObjectMode: false,
    transform(c: AnswerChunk, _enc, cb) {
      cb(null, encodeChunk(c, true));
    },
  });
}
