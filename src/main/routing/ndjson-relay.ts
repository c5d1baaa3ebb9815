import type http from 'node:http';
import { endWithErrorLine } from './wire-out';

/** What the final line of an Ollama answer says: the metering inputs. */
export interface FinalMetrics {
  promptTokens: number;
  evalTokens: number;
  doneReason: string | null;
}

/** `written`: the client already has the error line (Ollama's own) or is gone, so none is added. */
export type RelayOutcome = { ok: true; metrics: FinalMetrics } | { ok: false; message: string; canceled?: boolean; written?: boolean };

const DONE_MARK = '"done":true';
const NL = 10;

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
 * Relays an upstream NDJSON stream to the client byte for byte, one write per upstream chunk of complete
 * lines. Each line is checked cheaply (an object's braces); only the final `done:true` line is parsed.
 * Every path ends the client's stream: with Ollama's final line, or with an `{"error"}` line. `sink`, when
 * given, collects the chunks written (by reference).
 */
export function relayNdjson(up: http.IncomingMessage, res: http.ServerResponse, first: Buffer | null, signal: AbortSignal, sink?: Buffer[]): Promise<RelayOutcome> {
  return new Promise((resolve) => {
    let rest: Buffer | null = null;
    let settled = false;
    let metrics: FinalMetrics | null = null;
    let upstreamError: string | null = null;
    const finish = (o: RelayOutcome) => {
      if (settled) return;
      settled = true;
      up.removeListener('data', onData);
      signal.removeEventListener('abort', onAbort);
      if (!o.ok) {
        if (!o.canceled && !o.written) endWithErrorLine(res, o.message);
        else if (!res.writableEnded) res.end();
        up.destroy();
      } else if (!res.writableEnded) res.end();
      resolve(o);
    };
    /** The problem with the complete lines in buf[0..end), or null when they are fine to pass on. */
    const scan = (buf: Buffer, end: number): string | null => {
      let start = 0;
      while (start < end) {
        let nl = buf.indexOf(NL, start);
        if (nl < 0 || nl > end) nl = end;
        let a = start;
        let b = nl;
        while (a < b && (buf[a] === 32 || buf[a] === 13)) a++;
        while (b > a && (buf[b - 1] === 32 || buf[b - 1] === 13)) b--;
        if (b > a) {
          if (buf[a] !== 123 || buf[b - 1] !== 125) return 'Ollama sent a malformed stream line';
          const line = buf.toString('utf8', a, b);
          if (line.startsWith('{"error"')) {
            upstreamError = line; // passed through as is; the stream ends with it
            return null;
          }
          if (line.includes(DONE_MARK)) {
            try {
              metrics = metricsOf(JSON.parse(line));
            } catch {
              return 'Ollama sent a malformed final stream line';
            }
          }
        }
        start = nl + 1;
      }
      return null;
    };
    const onChunk = (chunk: Buffer) => {
      const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
      const lastNl = buf.lastIndexOf(NL);
      if (lastNl < 0) {
        rest = buf;
        return;
      }
      const bad = scan(buf, lastNl);
      if (bad) return finish({ ok: false, message: bad });
      const out = lastNl === buf.length - 1 ? buf : buf.subarray(0, lastNl + 1);
      res.write(out);
      sink?.push(out); // a reference, for the proof chain's later hash: no copy here
      rest = lastNl === buf.length - 1 ? null : buf.subarray(lastNl + 1);
    };
    const onData = (chunk: Buffer) => {
      if (!settled) onChunk(chunk);
    };
    // The client went away (nothing to tell it) or the request's deadline passed (tell it on the stream).
    const onAbort = () =>
      signal.reason === 'deadline'
        ? finish({ ok: false, message: 'deadline exceeded: Ollama stopped sending before the stream was complete' })
        : finish({ ok: false, message: 'canceled', canceled: true });
    signal.addEventListener('abort', onAbort, { once: true });
    if (first) onChunk(first);
    up.on('data', onData);
    up.resume();
    const onEnd = () => {
      if (settled) return;
      if (rest && rest.length) {
        const tail = Buffer.concat([rest, Buffer.from('\n')]);
        rest = null;
        onChunk(tail);
        if (settled) return;
      }
      if (upstreamError) finish({ ok: false, message: errorText(upstreamError), written: true });
      else if (metrics) finish({ ok: true, metrics });
      else finish({ ok: false, message: 'Ollama ended the stream without a final done line' });
    };
    // The whole answer may have arrived with the first chunk: then 'end' has already been emitted.
    if (up.readableEnded) return onEnd();
    up.once('end', onEnd);
    up.once('close', () => {
      if (!settled && !up.complete) finish({ ok: false, message: 'Ollama dropped the connection mid-stream' });
    });
    up.once('error', () => {
      if (!settled) finish({ ok: false, message: 'Ollama dropped the connection mid-stream' });
    });
  });
}

function errorText(line: string): string {
  try {
    const e = (JSON.parse(line) as { error?: unknown }).error;
    return typeof e === 'string' ? e : line;
  } catch {
    return line;
  }
}
