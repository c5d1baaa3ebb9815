import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Agent, ProviderStatus } from '../../shared/contract/routing';
import { parseModelTarget } from '../../shared/domain/model-target';
import type { AgentStore } from './agent-store';
import type { Engine } from './run-types';
import { writeRun } from './http-answer';
import type { LocalModels } from './local-models';
import type { NetworkBackend } from './network-backend';
import type { OllamaUpstream } from './ollama-upstream';
import { sendError, sendJson } from './wire-out';
import type { Logger } from '../log/logger';
import { proxyEmbed, proxyEmbeddings, proxyPull } from './passthrough-routes';
import { answeredAtDoor, bearerOf } from './provider-edge';
import { readLimitedBody } from '../http/read-body';
import { listModels, showNetworkModel, type RegisteredProviderModel } from './model-listing';
import { firstIssue, showBodySchema } from './wire-schemas';
import { inferenceCall } from './call-input';
import { isOpenAiPath, openAiGet, openAiPost, type OpenAiRouteDeps } from './openai/openai-routes';
import { sendOpenAiError } from './openai/openai-errors';

/** The Ollama version whose API this endpoint implements (../shared/reference/ollama-api.md). */
export const SERVED_OLLAMA_VERSION = '0.32.15';
const MAX_BODY = 64 * 1024 * 1024;

/** A route answered before agent auth (e.g. `/metrics`, which has its own token); returns true when it answered. */
export type ProviderIntercept = (req: http.IncomingMessage, res: http.ServerResponse, path: string) => boolean;
/** Admits a resolved agent from this peer (keys off loopback, rate limits) or refuses it with a status. */
export type ProviderGate = (req: http.IncomingMessage, who: { agent: Agent; keyId: string | null }) => { status: number; message: string; retryAfterMs?: number } | null;

/** An error answer in the route's own shape (Ollama's `{"error"}` or OpenAI's error object), Retry-After optional. */
type Fail = (res: http.ServerResponse, status: number, message: string, retryAfterMs?: number) => void;
const ollamaFail: Fail = (res, status, message, retryAfterMs) => sendError(res, status, message, {}, retryAfterMs);
const openAiFail: Fail = (res, status, message, retryAfterMs) => sendOpenAiError(res, status, message, {}, {}, retryAfterMs === undefined ? {} : { retryAfterMs });

export interface ProviderDeps {
  engine: Engine;
  agents: AgentStore;
  upstream: OllamaUpstream;
  local: LocalModels;
  network: () => NetworkBackend;
  /** Models deployments registered (the catalog's registry); /api/tags lists them too. */
  registered?: () => readonly RegisteredProviderModel[];
  /** Web origins the person allowed besides loopback pages (settings `allowedOrigins` / CLAWGRID_ORIGINS). */
  allowedOrigins?: () => readonly string[];
  log: Logger;
  intercept?: ProviderIntercept;
  gate?: ProviderGate;
  onEmbed(entry: { agentId: string; agentName: string; model: string; ok: boolean; httpStatus: number; promptTokens: number; durationMs: number; error: string | null }): void;
}

/** ClawGrid's Ollama-compatible endpoint (127.0.0.1 only): what OpenClaw and any Ollama client talk to. */
export interface ProviderServer {
  /** Starts listening; a port in use is reported in the status, never thrown. */
  listen(port: number): Promise<ProviderStatus>;
  status(): ProviderStatus;
  port(): number | null;
  /** The request handler itself, for another listener of the same endpoint (the team's TLS listener). */
  readonly handler: http.RequestListener;
  close(): Promise<void>;
}

export function createProviderServer(d: ProviderDeps): ProviderServer {
  let status: ProviderStatus = { state: 'stopped', url: '', message: 'The Ollama-compatible endpoint is not started.' };
  let bound: number | null = null;
  const sockets = new Set<Socket>();

  const handler: http.RequestListener = (req, res) => {
    const arrivedAt = performance.now();
    const path = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    if (answeredAtDoor(req, res, d.allowedOrigins?.() ?? [])) return;
    if (path === '/' || path === '/api/version' || (path === '/api/tags' && method === 'HEAD')) {
      if (method === 'HEAD') return void res.writeHead(200).end();
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        return void res.end('Ollama is running');
      }
      return sendJson(res, 200, { version: SERVED_OLLAMA_VERSION });
    }
    if (d.intercept?.(req, res, path)) return;
    // The OpenAI-compatible routes (/v1/…) answer every error in OpenAI's shape.
    const fail = isOpenAiPath(path) ? openAiFail : ollamaFail;
    const auth = bearerOf(req.headers.authorization);
    if (!auth.ok) return fail(res, 401, auth.message);
    const who = d.agents.resolve(auth.bearer);
    if (!who.ok) return fail(res, 401, who.message);
    const refused = d.gate?.(req, who);
    if (refused) return fail(res, refused.status, refused.message, refused.retryAfterMs);
    const agent = who.agent;
    if (method === 'GET' && path === '/api/tags') return void tags(res);
    if (method === 'GET' && path === '/api/ps') return void ps(res);
    if (method === 'GET' && isOpenAiPath(path)) return void openAiGet(openai, res, path);
    if (method !== 'POST') return fail(res, 404, '404 page not found');
    readLimitedBody(req, MAX_BODY).then(
      (read) => (read.ok ? onBody(read.body) : fail(res, 413, read.message)),
      () => res.destroy(),
    );
    function onBody(raw: Buffer): void {
      if (raw.length === 0) return fail(res, 400, 'missing request body');
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        return fail(res, 400, 'invalid JSON in request body');
      }
      switch (path) {
        case '/api/chat':
        case '/api/generate': {
          const input = inferenceCall(path === '/api/chat' ? 'chat' : 'generate', json, raw, agent, arrivedAt);
          if (!input.ok) return sendError(res, 400, input.message);
          // The client hanging up aborts the engine's work (Ollama's request, the network job); the controller is the run's own.
          const ctl = new AbortController();
          res.once('close', () => {
            if (!res.writableFinished) ctl.abort('client');
          });
          d.engine.run(input.call, ctl).then(
            (r) => writeRun(res, r),
            (err: unknown) => sendError(res, 500, `ClawGrid failed: ${err instanceof Error ? err.message : String(err)}`),
          );
          return;
        }
        case '/api/show':
          return void show(res, json);
        case '/api/embed':
          return void proxyEmbed(d, res, json, raw, agent, arrivedAt);
        case '/api/embeddings':
          return void proxyEmbeddings(d, res, json, agent, arrivedAt);
        case '/api/pull':
          return void proxyPull(d, res, json);
        default:
          if (isOpenAiPath(path)) return openAiPost(openai, res, path, json, agent, arrivedAt);
          return sendError(res, 404, '404 page not found');
      }
    }
  };
  const server = http.createServer(handler);
  server.keepAliveTimeout = 65_000;
  server.on('connection', (s) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });

  async function offers() {
    const backend = d.network();
    if (backend.health().state === 'off') return [];
    return backend.offers().catch(() => []);
  }

  async function listing() {
    const registered = d.registered?.() ?? [];
    // A model deployed since the last background refresh is listed at once, not up to one refresh later.
    if (!d.local.ready() || registered.some((r) => r.target === 'local' && !d.local.models().has(r.model))) await d.local.refresh();
    return listModels(d.local.models(), await offers(), registered);
  }
  const openai: OpenAiRouteDeps = { engine: d.engine, upstream: d.upstream, onEmbed: d.onEmbed, listing };

  async function tags(res: http.ServerResponse) {
    sendJson(res, 200, await listing());
  }

  async function ps(res: http.ServerResponse) {
    try {
      const r = await d.upstream.json('GET', '/api/ps', undefined, 2000);
      sendJson(res, r.status === 200 ? 200 : 502, r.status === 200 ? r.body : { error: `Ollama answered /api/ps with HTTP ${r.status}` });
    } catch {
      sendJson(res, 200, { models: [] }); // nothing loaded locally when Ollama is down
    }
  }

  async function show(res: http.ServerResponse, json: unknown) {
    const b = showBodySchema.safeParse(json);
    if (!b.success) return sendError(res, 400, firstIssue(b.error));
    const requested = (b.data.model || b.data.name)!;
    const parsed = parseModelTarget(requested);
    if (!parsed) return sendError(res, 400, `invalid model name "${requested}"`);
    if (!d.local.ready()) await d.local.refresh();
    if (d.local.models().has(parsed.model) && parsed.target.kind !== 'network' && parsed.target.kind !== 'miner') {
      try {
        const r = await d.upstream.json('POST', '/api/show', { ...(b.data as object), model: parsed.model, name: undefined }, 3000);
        return sendJson(res, r.status, typeof r.body === 'string' ? { error: r.body } : r.body);
      } catch {
        // fall through to the network's facts
      }
    }
    const list = (await offers()).filter((o) => o.model === parsed.model && (parsed.target.kind !== 'miner' || o.minerId === parsed.target.minerId));
    if (list[0]) return sendJson(res, 200, showNetworkModel(list[0]));
    return sendError(res, 404, `model '${requested}' not found`);
  }

  return {
    listen(port) {
      status = { state: 'starting', url: `http://127.0.0.1:${port}`, message: 'Starting…' };
      return new Promise((resolve) => {
        const onError = (err: NodeJS.ErrnoException) => {
          const message =
            err.code === 'EADDRINUSE'
              ? `Port ${port} is already in use: another program (perhaps another ClawGrid) holds it. Set CLAWGRID_PROVIDER_PORT or the provider port in settings.`
              : `Could not listen on 127.0.0.1:${port}: ${err.message}`;
          d.log.error('provider.listen_failed', { port, code: err.code, message });
          status = { state: 'error', url: `http://127.0.0.1:${port}`, message };
          resolve(status);
        };
        server.once('error', onError);
        server.listen(port, '127.0.0.1', () => {
          server.removeListener('error', onError);
          bound = (server.address() as AddressInfo).port;
          status = { state: 'listening', url: `http://127.0.0.1:${bound}`, message: `Ollama-compatible endpoint at http://127.0.0.1:${bound}` };
          d.log.info('provider.listening', { url: status.url });
          resolve(status);
        });
      });
    },
    status: () => status,
    port: () => bound,
    handler,
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        status = { state: 'stopped', url: status.url, message: 'Stopped.' };
      }),
  };
}

