import { Transform, pipeline } from 'node:stream';
import type { AnswerChunk, Engine, InferenceCall, RunResult } from '../routing/port';
import type { CapturedContent } from './tracing';

/** What a finished request's span may carry: input now, output once the answer has been read to its end. */
interface Pending {
  input: string;
  output: Promise<string | null>;
}

const KEEP = 1024;

/**
 * Wraps the engine so a request's prompt and answer text can go into its span — only while `enabled()`
 * (the person's content-capture setting); otherwise runs pass through untouched. The answer is read by a
 * pass-through in the stream, so backpressure is unchanged. The meter may record a request before its run
 * has returned here (a whole answer settles at once), so `take` waits for the run's hand-over.
 */
export function createContentCapture(enabled: () => boolean) {
  const handedOver = new Map<string, Pending | null>();
  const waiting = new Map<string, (p: Pending | null) => void>();

  const handOver = (requestId: string, p: Pending | null) => {
    const w = waiting.get(requestId);
    if (w) {
      waiting.delete(requestId);
      return w(p);
    }
    if (handedOver.size >= KEEP) handedOver.delete(handedOver.keys().next().value!);
    handedOver.set(requestId, p);
  };

  const wrap = (engine: Engine): Engine => ({
    hedgeDelayMs: () => engine.hedgeDelayMs(),
    async run(call, signal) {
      const r = await engine.run(call, signal);
      if (!enabled()) {
        handOver(r.requestId, null);
        return r;
      }
      const { result, output } = tapAnswer(r);
      handOver(r.requestId, { input: inputMessages(call), output });
      return result;
    },
  });

  /** The content captured for this request (once); `viaEngine`: it was an engine run (embeddings are not). */
  async function take(requestId: string, viaEngine: boolean): Promise<CapturedContent | undefined> {
    let p: Pending | null | undefined;
    if (handedOver.has(requestId)) {
      p = handedOver.get(requestId);
      handedOver.delete(requestId);
    } else if (viaEngine && enabled()) {
      p = await new Promise<Pending | null>((resolve) => waiting.set(requestId, resolve));
    }
    if (!p) return undefined;
    const text = await p.output;
    return { input: p.input, output: text === null ? null : JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: text }] }]) };
  }

  return { wrap, take };
}

function inputMessages(call: InferenceCall): string {
  const b = call.body;
  const msgs: { role: string; content: string }[] = [];
  if (b.system) msgs.push({ role: 'system', content: b.system });
  for (const m of b.messages ?? []) msgs.push({ role: m.role, content: m.content ?? '' });
  if (b.prompt !== undefined) msgs.push({ role: 'user', content: b.prompt });
  return JSON.stringify(msgs.map((m) => ({ role: m.role, parts: [{ type: 'text', content: m.content }] })));
}

/** The answer with a tap on its text: a whole body is read at once, a stream as the client reads it. */
function tapAnswer(r: RunResult): { result: RunResult; output: Promise<string | null> } {
  const a = r.answer;
  if (a.type === 'error') return { result: r, output: Promise.resolve(null) };
  if (a.type === 'whole') return { result: r, output: Promise.resolve(textOf([a.chunk])) };
  const seen: AnswerChunk[] = [];
  let done!: (t: string | null) => void;
  const output = new Promise<string | null>((resolve) => (done = resolve));
  const tap = new Transform({
    objectMode: true,
    transform(c: AnswerChunk, _enc, cb) {
      seen.push(c);
      cb(null, c);
    },
  });
  const chunks = pipeline(a.chunks, tap, () => done(textOf(seen)));
  return { result: { ...r, answer: { type: 'stream', chunks } }, output };
}

/** The answer's text from Ollama NDJSON/JSON bytes and the engine's typed pieces. */
export function textOf(chunks: readonly AnswerChunk[]): string {
  let text = '';
  const raw = chunks.filter((c): c is Buffer => Buffer.isBuffer(c));
  for (const line of Buffer.concat(raw).toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const o = JSON.parse(line) as { response?: unknown; message?: { content?: unknown } };
      if (typeof o.response === 'string') text += o.response;
      if (typeof o.message?.content === 'string') text += o.message.content;
    } catch {
      // not a JSON line: nothing to capture from it
    }
  }
  for (const c of chunks) {
    if (Buffer.isBuffer(c)) continue;
    if (c.type === 'delta' && c.content) text += c.content;
    if (c.type === 'whole') text += c.output;
  }
  return text;
}
