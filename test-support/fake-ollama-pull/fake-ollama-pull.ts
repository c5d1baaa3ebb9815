import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeDetails, fakeDigest, normalizeName, type FakeModel } from '../fake-ollama/fake-models';

/**
 * A fake Ollama for the download path: `/api/pull` streams progress exactly as a real Ollama does
 * (ollama-api.md §10: `pulling manifest`, per layer `pulling <12 hex>` with digest/total/completed,
 * `verifying sha256 digest`, `writing manifest`, `success`; errors after the stream started are an
 * `{"error"}` line with HTTP 200), keeps partial layers so a second pull resumes, and then lists the model
 * in `/api/tags` / `/api/show` and loads it on an empty `/api/generate`. The general-purpose fake Ollama
 * (test-support/fake-ollama) has no pull; `handlePull` is written so it can be mounted there too.
 */

export interface PullFault {
  /** Break the stream with an `{"error"}` line once this many bytes of this pull were sent. */
  failAfterBytes: number;
  message?: string;
}

export interface FakeOllamaPullOptions {
  /** Models already on disk. */
  installed?: FakeModel[];
  /** Models the "registry" has (pullable). */
  library?: FakeModel[];
  /** Bytes per progress line. */
  chunkBytes?: number;
  /** Delay between progress lines (ms). */
  lineDelayMs?: number;
  port?: number;
}

export interface FakeOllamaPull {
  url: string;
  /** Applies to the next pulls until cleared. */
  setFault(fault: PullFault | null): void;
  setLineDelay(ms: number): void;
  pulls: { model: string; resumedFromBytes: number; aborted: boolean }[];
  generates: { model: string; numCtx: number | null }[];
  close(): Promise<void>;
}

interface Layer {
  digest: string;
  size: number;
}

/** Layers like a real GGUF model: the weights blob, then template, license and params. */
function layersOf(m: FakeModel): Layer[] {
  const small = [1429, 7711, 96];
  const weights = m.sizeBytes - small.reduce((a, b) => a + b, 0);
  return [weights, ...small].map((size, i) => ({ digest: `sha256:${fakeDigest(`${m.name}/layer${i}`)}`, size }));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeOllamaPull(opts: FakeOllamaPullOptions = {}): Promise<FakeOllamaPull> {
  const installed = new Map((opts.installed ?? []).map((m) => [normalizeName(m.name), m]));
  const library = new Map((opts.library ?? []).map((m) => [normalizeName(m.name), m]));
  /** Bytes of each layer already on disk (partial downloads survive a failed pull). */
  const onDisk = new Map<string, number>();
  const loaded = new Set<string>();
  let fault: PullFault | null = null;
  let lineDelayMs = opts.lineDelayMs ?? 0;
  const chunk = opts.chunkBytes ?? 64 * 1024 * 1024;
  const pulls: FakeOllamaPull['pulls'] = [];
  const generates: FakeOllamaPull['generates'] = [];

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  async function handlePull(name: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const m = library.get(name) ?? installed.get(name);
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const entry = { model: name, resumedFromBytes: 0, aborted: false };
    pulls.push(entry);
    let gone = false;
    res.on('close', () => {
      if (!res.writableFinished) {
        gone = true;
        entry.aborted = true;
      }
    });
    const line = (o: unknown) => res.write(JSON.stringify(o) + '\n');
    line({ status: 'pulling manifest' });
    await sleep(lineDelayMs);
    if (!m) {
      line({ error: 'pull model manifest: file does not exist' });
      return void res.end();
    }
    let sent = 0;
    for (const layer of layersOf(m)) {
      const status = `pulling ${layer.digest.slice(7, 19)}`;
      let have = onDisk.get(layer.digest) ?? 0;
      entry.resumedFromBytes += have;
      // First line: what is already there (absent `completed` until bytes arrived, as Ollama does).
      line(have > 0 ? { status, digest: layer.digest, total: layer.size, completed: have } : { status, digest: layer.digest, total: layer.size });
      while (have < layer.size) {
        if (gone) return;
        await sleep(lineDelayMs);
        const step = Math.min(chunk, layer.size - have);
        if (fault && sent + step > fault.failAfterBytes) {
          const part = Math.max(0, fault.failAfterBytes - sent);
          onDisk.set(layer.digest, have + part);
          line({ error: fault.message ?? 'max retries exceeded: read tcp 127.0.0.1:52424->104.18.0.1:443: connection reset by peer' });
          return void res.end();
        }
        have += step;
        sent += step;
        onDisk.set(layer.digest, have);
        line({ status, digest: layer.digest, total: layer.size, completed: have });
      }
    }
    for (const status of ['verifying sha256 digest', 'writing manifest', 'success']) {
      await sleep(lineDelayMs);
      line({ status });
    }
    installed.set(name, m);
    res.end();
    void req;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        return json(res, 400, { error: 'invalid character in request body' });
      }
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const name = normalizeName(String(body.model ?? body.name ?? ''));
      if (path === '/api/tags') {
        return json(res, 200, {
          models: [...installed.values()].map((m) => ({ name: normalizeName(m.name), model: normalizeName(m.name), modified_at: '2026-11-01T10:00:00.000000+01:00', size: m.sizeBytes, digest: fakeDigest(m.name), details: fakeDetails(m) })),
        });
      }
      if (path === '/api/ps') return json(res, 200, { models: [...loaded].map((n) => ({ name: n, model: n })) });
      if (path === '/api/show') {
        const m = installed.get(name);
        if (!m) return json(res, 404, { error: `model '${name}' not found` });
        return json(res, 200, {
          license: 'Apache License 2.0',
          parameters: 'stop "<|eot_id|>"',
          details: fakeDetails(m),
          model_info: { 'general.architecture': m.family, [`${m.family}.context_length`]: m.contextLength, [`${m.family}.block_count`]: 28, [`${m.family}.attention.head_count`]: 24, [`${m.family}.attention.head_count_kv`]: 8, [`${m.family}.embedding_length`]: 3072 },
          capabilities: m.capabilities,
          modified_at: '2026-11-01T10:00:00.000000+01:00',
        });
      }
      if (path === '/api/pull') return void handlePull(name, req, res);
      if (path === '/api/delete' && req.method === 'DELETE') {
        // Ollama answers 200 with an empty body, or 404 {"error"} for a model it does not have.
        if (!installed.delete(name)) return json(res, 404, { error: `model '${name}' not found` });
        loaded.delete(name);
        return void res.writeHead(200).end();
      }
      if (path === '/api/generate') {
        if (!installed.has(name)) return json(res, 404, { error: `model '${name}' not found` });
        const options = (body.options ?? {}) as { num_ctx?: number };
        generates.push({ model: name, numCtx: typeof options.num_ctx === 'number' ? options.num_ctx : null });
        loaded.add(name);
        return json(res, 200, { model: name, created_at: new Date().toISOString(), response: '', done: true, done_reason: 'load' });
      }
      return json(res, 404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    setFault: (f) => void (fault = f),
    setLineDelay: (ms) => void (lineDelayMs = ms),
    pulls,
    generates,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
