import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepAliveMs } from './keep-alive';
import { DEFAULT_FAKE_MODELS, normalizeName, psBody, showBody, tagsBody, type FakeModel } from './fake-models';
import { serveOpenAiChat } from './openai-compat';
import { embedAnswer, embeddingsAnswer } from './fake-embed';
import { servePull } from './fake-pull';
import { scriptChat, scriptGenerate, type ScriptedReply } from './scripted-reply';
import type { FakeFault, FakeOllama, FakeOllamaOptions, SeenRequest } from './fake-ollama-types';

export type { FakeFault, FakeOllama, FakeOllamaOptions, SeenRequest } from './fake-ollama-types';

interface Loaded {
  expiresAt: number;
  contextLength: number;
}

const DEFAULT_CTX = 4096;
const FIVE_MIN = 5 * 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a fake Ollama on 127.0.0.1 that speaks the native wire (and /v1/chat/completions for gateway benches). */
export async function startFakeOllama(opts: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const models = new Map((opts.models ?? DEFAULT_FAKE_MODELS).map((m) => [normalizeName(m.name), m]));
  const library = new Map((opts.library ?? []).map((m) => [normalizeName(m.name), m]));
  const loaded = new Map<string, Loaded>();
  for (const n of opts.loaded ?? []) loaded.set(normalizeName(n), { expiresAt: Date.now() + FIVE_MIN, contextLength: DEFAULT_CTX });
  let coldLoadMs = opts.coldLoadMs ?? 0;
  let tokenDelayMs = opts.tokenDelayMs ?? 0;
  let fault: { fault: FakeFault; paths: string[] | null } | null = null;
  let loadGate: Promise<void> | null = null;
  const requests: SeenRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const notFound = (res: http.ServerResponse, name: string) => json(res, 404, { error: `model '${name}' not found` });

  /** Waits for the model to be ready; returns the load time in ms (0 when warm with the same context). */
  const ensureLoaded = async (name: string, numCtx: number | undefined, keepAlive: unknown): Promise<number> => {
    const ctx = numCtx ?? DEFAULT_CTX;
    const cur = loaded.get(name);
    let loadMs = 0;
    if (!cur || cur.contextLength !== ctx) {
      const t0 = Date.now();
      loadMs = coldLoadMs;
      if (loadMs > 0) await sleep(loadMs);
      if (loadGate) {
        await loadGate;
        loadMs = Date.now() - t0;
      }
    }
    const ttl = keepAliveMs(keepAlive);
    loaded.set(name, { contextLength: ctx, expiresAt: ttl < 0 ? Date.now() + 1e12 : Date.now() + ttl });
    return loadMs;
  };

  async function stream(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    seen: SeenRequest,
    kind: 'chat' | 'generate',
    model: FakeModel,
    reply: ScriptedReply,
    body: Record<string, unknown>,
  ) {
    const t0 = process.hrtime.bigint();
    const options = (body.options ?? {}) as { num_ctx?: number; num_predict?: number };
    const loadMs = await ensureLoaded(normalizeName(model.name), options.num_ctx, body.keep_alive);
    if (seen.aborted) return;
    const created = () => new Date().toISOString();
    const maxTokens = typeof options.num_predict === 'number' && options.num_predict >= 0 ? options.num_predict : Infinity;
    const tokens = reply.tokens.slice(0, maxTokens);
    const doneReason = tokens.length < reply.tokens.length ? 'length' : 'stop';
    const lines: Record<string, unknown>[] = [];
    const msg = (m: Record<string, unknown>) =>
      kind === 'chat' ? { model: model.name, created_at: created(), message: { role: 'assistant', content: '', ...m }, done: false } : { model: model.name, created_at: created(), response: m.content ?? '', ...(m.thinking ? { thinking: m.thinking } : {}), done: false };
    for (const t of reply.thinking) lines.push(msg({ thinking: t }));
    if (reply.toolCalls.length) lines.push(msg({ tool_calls: reply.toolCalls }));
    for (const t of tokens) lines.push(msg({ content: t }));
    const evalCount = Math.max(1, reply.thinking.length + tokens.length + reply.toolCalls.length);
    const total = Number(process.hrtime.bigint() - t0) + evalCount * tokenDelayMs * 1e6;
    const metrics = {
      done: true,
      done_reason: doneReason,
      total_duration: total,
      load_duration: Math.round(loadMs * 1e6) + 100_000,
      prompt_eval_count: reply.promptTokens,
      prompt_eval_duration: 1_000_000,
      eval_count: evalCount,
      eval_duration: Math.max(1, evalCount * tokenDelayMs * 1e6),
    };
    const streamOn = body.stream !== false;
    if (!streamOn) {
      const content = tokens.join('');
      const thinking = reply.thinking.join('');
      const final =
        kind === 'chat'
          ? { model: model.name, created_at: created(), message: { role: 'assistant', content, ...(thinking ? { thinking } : {}), ...(reply.toolCalls.length ? { tool_calls: reply.toolCalls } : {}) }, ...metrics }
          : { model: model.name, created_at: created(), response: content, ...(thinking ? { thinking } : {}), context: [1, 2, 3], ...metrics };
      if (tokenDelayMs) await sleep(tokenDelayMs * evalCount);
      if (seen.aborted) return;
      json(res, 200, final);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    lines.push(kind === 'chat' ? { model: model.name, created_at: created(), message: { role: 'assistant', content: '' }, ...metrics } : { model: model.name, created_at: created(), response: '', context: [1, 2, 3], ...metrics });
    const f = fault && (!fault.paths || fault.paths.includes(seen.path)) ? fault.fault : null;
    for (let i = 0; i < lines.length; i++) {
      if (seen.aborted) return;
      if (f?.kind === 'disconnect' && i === f.afterLines) {
        req.socket.destroy();
        return;
      }
      if (f?.kind === 'malformed' && i === f.afterLines) res.write('{"model":"x","message":{"role":"assist\n');
      if (f?.kind === 'pause' && i === f.afterLines) {
        if (!res.destroyed) await new Promise<void>((r) => res.once('close', () => r()));
        return;
      }
      res.write(JSON.stringify(lines[i]) + '\n');
      if (tokenDelayMs && i < lines.length - 1) await sleep(tokenDelayMs);
    }
    res.end();
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, seen: SeenRequest, raw: string) {
    const path = seen.path;
    if ((path === '/' || path === '/api/version' || path === '/api/tags') && req.method === 'HEAD') return void res.writeHead(200).end();
    if (path === '/' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('Ollama is running');
    }
    const f = fault && (!fault.paths || fault.paths.includes(path)) ? fault.fault : null;
    if (f?.kind === 'http-error') {
      const message = f.message ?? 'internal error';
      if (f.shape === 'text') {
        res.writeHead(f.status, { 'content-type': 'text/plain' });
        return void res.end(message);
      }
      return json(res, f.status, { error: message });
    }
    if (f?.kind === 'stall') return; // never answers; the client's deadline has to save it
    if (path === '/api/version') return json(res, 200, { version: opts.version ?? '0.32.15' });
    if (path === '/api/tags') return json(res, 200, tagsBody(models.values()));
    if (path === '/api/ps') {
      const now = Date.now();
      for (const [n, l] of loaded) if (l.expiresAt <= now) loaded.delete(n);
      return json(res, 200, psBody(models, loaded));
    }
    if (path === '/v1/chat/completions') return serveOpenAiChat(res, raw, models, seen, tokenDelayMs);
    if (req.method !== 'POST') return json(res, 404, { error: '404 page not found' });
    if (!raw) return json(res, 400, { error: 'missing request body' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return json(res, 400, { error: 'invalid character in request body' });
    }
    const name = typeof body.model === 'string' ? body.model : typeof body.name === 'string' ? body.name : '';
    if (!name) return json(res, 400, { error: 'model is required' });
    if (path === '/api/pull') {
      const n = normalizeName(name);
      const got = await servePull(res, n, models.get(n) ?? library.get(n), models.has(n), body, tokenDelayMs);
      if (got) models.set(n, got);
      return;
    }
    const model = models.get(normalizeName(name));
    if (!model) return notFound(res, name);
    if (path === '/api/show') {
      return json(res, 200, showBody(model));
    }
    if (path === '/api/embed' || path === '/api/embeddings') {
      const a = path === '/api/embed' ? embedAnswer(model, body) : embeddingsAnswer(model, body);
      if (a.status === 200) await ensureLoaded(normalizeName(model.name), undefined, body.keep_alive);
      return json(res, a.status, a.body);
    }
    if (path === '/api/chat' || path === '/api/generate') {
      const kind = path === '/api/chat' ? 'chat' : 'generate';
      if (body.think && body.think !== false && !model.capabilities.includes('thinking')) return json(res, 400, { error: `"${model.name}" does not support thinking` });
      if (Array.isArray(body.tools) && body.tools.length && !model.capabilities.includes('tools')) return json(res, 400, { error: `registry.ollama.ai/library/${model.name} does not support tools` });
      const empty = kind === 'chat' ? !Array.isArray(body.messages) || body.messages.length === 0 : !body.prompt;
      if (empty) {
        const unload = body.keep_alive === 0 || body.keep_alive === '0';
        if (unload) loaded.delete(normalizeName(model.name));
        else await ensureLoaded(normalizeName(model.name), (body.options as { num_ctx?: number } | undefined)?.num_ctx, body.keep_alive);
        const base = kind === 'chat' ? { message: { role: 'assistant', content: '' } } : { response: '' };
        return json(res, 200, { model: model.name, created_at: new Date().toISOString(), ...base, done: true, done_reason: unload ? 'unload' : 'load' });
      }
      const reply = kind === 'chat' ? scriptChat(model, body as Parameters<typeof scriptChat>[1]) : scriptGenerate(model, body as Parameters<typeof scriptGenerate>[1]);
      // `truncate:false` (OpenClaw sends it to local hosts): a prompt over num_ctx fails instead of being trimmed;
      // the chat handler answers prompt errors with 500 (message wording [unverified] against a real Ollama).
      const numCtx = (body.options as { num_ctx?: number } | undefined)?.num_ctx ?? DEFAULT_CTX;
      if (body.truncate === false && reply.promptTokens > numCtx) return json(res, 500, { error: `input length (${reply.promptTokens} tokens) exceeds the model's context length (${numCtx} tokens)` });
      return stream(req, res, seen, kind, model, reply, body);
    }
    return json(res, 404, { error: '404 page not found' });
  }

  const server = http.createServer((req, res) => {
    const seen: SeenRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, headers: req.headers, body: undefined, aborted: false, completed: false };
    requests.push(seen);
    res.on('close', () => {
      if (!res.writableFinished) seen.aborted = true;
      else seen.completed = true;
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      try {
        seen.body = raw ? JSON.parse(raw) : undefined;
      } catch {
        seen.body = raw;
      }
      handle(req, res, seen, raw).catch((err: unknown) => {
        if (!res.headersSent) json(res, 500, { error: String(err) });
        else res.destroy();
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    setFault(f, o) {
      fault = f ? { fault: f, paths: o?.paths ?? null } : null;
    },
    setLoaded(name, isLoaded, contextLength) {
      const n = normalizeName(name);
      if (isLoaded) loaded.set(n, { expiresAt: Date.now() + FIVE_MIN, contextLength: contextLength ?? DEFAULT_CTX });
      else loaded.delete(n);
    },
    setTiming(t) {
      if (t.coldLoadMs !== undefined) coldLoadMs = t.coldLoadMs;
      if (t.tokenDelayMs !== undefined) tokenDelayMs = t.tokenDelayMs;
    },
    holdLoads() {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      loadGate = gate;
      return () => {
        if (loadGate === gate) loadGate = null;
        release();
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
