import { Readable } from 'node:stream';
import { emptyIsFine, emptyReplyMessage, hasAnswer } from './answer-checks';
import type { AnswerChunk } from './run-types';

/** What the final line of an Ollama answer says: the metering inputs. */
export interface FinalMetrics {
  promptTokens: number;
  evalTokens: number;
  doneReason: string | null;
}

/** How a relayed stream ended; `canceled`: the consumer went away. */
export type RelayOutcome = { ok: true; metrics: FinalMetrics } | { ok: false; message: string; canceled?: boolean };

const DONE_MARK = '"done":true';
const NL = 10;
/** OpenClaw caps one NDJSON record at 16 MiB (its PR #107473); a longer line from Ollama is an error, not memory. */
export const MAX_NDJSON_LINE = 16 * 1024 * 1024;
const LINE_TOO_LONG = `Ollama sent a stream line over ${MAX_NDJSON_LINE / 1024 / 1024} MiB (the most one NDJSON record may hold)`;

/** Reads the metering fields from one final Ollama object (stream's last line or a whole non-stream body). */
export function metricsOf(obj: unknown): FinalMetrics {
  const o = (obj ?? {}) as { prompt_eval_count?: unknown; eval_count?: unknown; done_reason?: unknown };
  return {
    promptTokens: typeof o.prompt_eval_count === 'number' ? o.prompt_eval_count : 0,
    evalTokens: typeof o.eval_count === 'number' ? o.eval_count : 0,
    doneReason: typeof o.done_reason === 'string' ? o.done_reason : null,
  };
}

/**
 * The local Ollama's NDJSON stream as an object-mode Readable of raw byte chunks (complete lines, passed
 * through unparsed; only the final `done:true` line is parsed), at the consumer's pace: when the consumer
 * stops reading, the upstream socket is paused. Every path ends the stream: after Ollama's final line, or
 * with a typed `{type:'error'}` chunk. `sink` collects the chunks relayed (by reference). Lines are parsed
 * only until the first one with text or a tool call; a stream that ends with none gets an error chunk in
 * place of its final line (never an empty final message). One line may hold at most 16 MiB.
 */
export function relayNdjson(up: Readable, first: Buffer | null, signal: AbortSignal, sink?: Buffer[], model = 'the model'): { chunks: Readable; done: Promise<RelayOutcome> } {
  let resolveDone!: (o: RelayOutcome) => void;
  const done = new Promise<RelayOutcome>((r) => (resolveDone = r));
  /** The unfinished last line, kept as the chunks it came in (joined once, when its newline arrives: linear time). */
  let rest: Buffer[] = [];
  let restBytes = 0;
  let settled = false;
  let metrics: FinalMetrics | null = null;
  let upstreamError: string | null = null;
  /** A line with text or a tool call went by (from then on token lines pass unparsed). */
  let answered = false;

  const out = new Readable({
    objectMode: true,
    highWaterMark: 16,
    read() {
      if (!settled) up.resume();
    },
    destroy(err, cb) {
      finish({ ok: false, message: 'canceled', canceled: true }, false);
      cb(err);
    },
  });
  const finish = (o: RelayOutcome, errorLine: boolean) => {
    if (settled) return;
    settled = true;
    up.removeListener('data', onData);
    signal.removeEventListener('abort', onAbort);
    if (!o.ok) up.destroy();
    if (!out.destroyed) {
      if (errorLine && !o.ok) out.push({ type: 'error', message: o.message } satisfies AnswerChunk);
      out.push(null);
    }
    resolveDone(o);
  };
  /** The problem with the complete lines in buf[0..end), or null when they are fine to pass on. */
  const scan = (buf: Buffer, end: number): string | null => {
    let start = 0;
    const doneAt = buf.indexOf(DONE_MARK, 0, 'latin1');
    while (start < end) {
      let nl = buf.indexOf(NL, start);
      if (nl < 0 || nl > end) nl = end;
      let a = start;
      let b = nl;
      while (a < b && (buf[a] === 32 || buf[a] === 13)) a++;
      while (b > a && (buf[b - 1] === 32 || buf[b - 1] === 13)) b--;
      if (b - a > MAX_NDJSON_LINE) return LINE_TOO_LONG;
      if (b > a) {
        if (buf[a] !== 123 || buf[b - 1] !== 125) return 'Ollama sent a malformed stream line';
        // Only an error line or the final line is decoded; token lines pass as bytes.
        if (buf[a + 2] === 101 && buf.toString('latin1', a, a + 8) === '{"error"') upstreamError = buf.toString('utf8', a, b);
        else if (doneAt >= a && doneAt < b) {
          let obj: unknown;
          try {
            obj = JSON.parse(buf.toString('utf8', a, b));
          } catch {
            return 'Ollama sent a malformed final stream line';
          }
          metrics = metricsOf(obj);
          if (!answered && !hasAnswer(obj) && !emptyIsFine(metrics.doneReason)) return emptyReplyMessage(model, metrics.doneReason);
        } else if (!answered) {
          try {
            answered = hasAnswer(JSON.parse(buf.toString('utf8', a, b)));
          } catch {
            return 'Ollama sent a malformed stream line';
          }
        }
      }
      start = nl + 1;
    }
    return null;
  };
  const onChunk = (chunk: Buffer) => {
    const nlInChunk = chunk.lastIndexOf(NL);
    if (nlInChunk < 0) {
      rest.push(chunk);
      restBytes += chunk.length;
      if (restBytes > MAX_NDJSON_LINE) finish({ ok: false, message: LINE_TOO_LONG }, true);
      return;
    }
    const lastNl = restBytes + nlInChunk;
    const buf = restBytes ? Buffer.concat([...rest, chunk], restBytes + chunk.length) : chunk;
    rest = [];
    restBytes = 0;
    const bad = scan(buf, lastNl);
    if (bad) return finish({ ok: false, message: bad }, true);
    const line = lastNl === buf.length - 1 ? buf : buf.subarray(0, lastNl + 1);
    if (lastNl !== buf.length - 1) {
      rest = [buf.subarray(lastNl + 1)];
      restBytes = buf.length - lastNl - 1;
      if (restBytes > MAX_NDJSON_LINE) return finish({ ok: false, message: LINE_TOO_LONG }, true);
    }
    sink?.push(line); // a reference, for the proof chain's later hash: no copy here
    if (!out.push(line)) up.pause();
  };
  const onData = (chunk: Buffer) => {
    if (!settled) onChunk(chunk);
  };
  // The consumer went away (nothing to tell it) or the request's deadline passed (tell it on the stream).
  const onAbort = () =>
    signal.reason === 'deadline'
      ? finish({ ok: false, message: 'deadline exceeded: Ollama stopped sending before the stream was complete' }, true)
      : finish({ ok: false, message: 'canceled', canceled: true }, false);
  const onEnd = () => {
    if (settled) return;
    if (restBytes) {
      const tail = Buffer.concat([...rest, Buffer.from('\n')]);
      rest = [];
      restBytes = 0;
      onChunk(tail);
      if (settled) return;
    }
    if (upstreamError) finish({ ok: false, message: errorText(upstreamError) }, false);
    else if (metrics) finish({ ok: true, metrics }, false);
    else finish({ ok: false, message: 'Ollama ended the stream without a final done line' }, true);
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  if (!settled && first) onChunk(first);
  if (!settled) {
    up.on('data', onData);
    // The whole answer may have arrived with the first chunk: then 'end' has already been emitted.
    if (up.readableEnded) onEnd();
    else {
      up.once('end', onEnd);
      up.once('close', () => {
        if (!settled && !up.readableEnded) finish({ ok: false, message: 'Ollama dropped the connection mid-stream' }, true);
      });
      up.once('error', () => {
        if (!settled) finish({ ok: false, message: 'Ollama dropped the connection mid-stream' }, true);
      });
      up.resume();
    }
  }
  return { chunks: out, done };
}

function errorText(line: string): string {
  try {
    const e = (JSON.parse(line) as { error?: unknown }).error;
    return typeof e === 'string' ? e : line;
  } catch {
    return line;
  }
}
