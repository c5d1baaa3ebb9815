import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger';
import { createOllamaPsPoller, fetchOllamaPs, ollamaAbsentMessage } from './ollama-ps';

/** What a real Ollama 0.12 answers with one model loaded fully on the GPU. */
const PS_BODY = JSON.stringify({
  models: [
    {
      name: 'qwen3:32b',
      model: 'qwen3:32b',
      size: 23727063040,
      digest: '030ee887880f8e7b6dbcc4f6cd1a65f4a8f2e8bcc7f1bea5b9e2c0ee1c3bb7a0',
      details: { parent_model: '', format: 'gguf', family: 'qwen3', families: ['qwen3'], parameter_size: '32.8B', quantization_level: 'Q4_K_M' },
      expires_at: '2026-05-14T12:39:12.873402519+02:00',
      size_vram: 23727063040,
      context_length: 8192,
    },
  ],
});

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
});

async function serve(handler: RequestListener): Promise<string> {
  const s = createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

const ollamaLike: RequestListener = (req, res) => {
  if (req.method === 'GET' && req.url === '/api/ps') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(PS_BODY);
  } else res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
};

/** A port nothing listens on: bind, read it, close. */
async function closedPortUrl(): Promise<string> {
  const url = await serve(() => {});
  const s = servers.pop();
  await new Promise((r) => s?.close(r));
  return url;
}

describe('ollama /api/ps over HTTP', () => {
  it('a running Ollama: ok, loaded models mapped', async () => {
    const url = await serve(ollamaLike);
    const st = await fetchOllamaPs(url);
    expect(st).toEqual({
      state: 'ok',
      url,
      message: 'Ollama is running: 1 model loaded.',
      models: [{ name: 'qwen3:32b', sizeBytes: 23727063040, sizeVramBytes: 23727063040, expiresAt: '2026-05-14T12:39:12.873402519+02:00', contextLength: 8192 }],
    });
  });

  it('connection refused: absent, with the message the user sees', async () => {
    const url = await closedPortUrl();
    const st = await fetchOllamaPs(url);
    expect(st.state).toBe('absent');
    expect(st.message).toBe(`Ollama is not running at ${url} — local models appear here when it is.`);
    expect(st.message).toBe(ollamaAbsentMessage(url));
  });

  it('a server that never answers: error after the timeout, not a hang', async () => {
    const url = await serve(() => {});
    const t0 = Date.now();
    const st = await fetchOllamaPs(url, { timeoutMs: 300 });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(st).toMatchObject({ state: 'error', message: `Ollama at ${url} did not answer within 0.3 s.` });
  });

  it('HTTP errors and foreign JSON are errors, not crashes', async () => {
    const down = await serve((_q, res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}'));
    expect(await fetchOllamaPs(down)).toMatchObject({ state: 'error', message: `Ollama at ${down} answered HTTP 500 to /api/ps.` });
    const other = await serve((_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>router login</html>'));
    expect((await fetchOllamaPs(other)).state).toBe('error');
  });

  it('the poller polls at start and then periodically; stop() ends it', async () => {
    let hits = 0;
    const url = await serve((req, res) => {
      hits++;
      ollamaLike(req, res);
    });
    const p = createOllamaPsPoller({ url: `${url}/`, log: silentLogger, intervalMs: 100 });
    expect(p.status().state).toBe('starting');
    p.start();
    for (let i = 0; i < 100 && hits < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(hits).toBeGreaterThanOrEqual(3);
    expect(p.status()).toMatchObject({ state: 'ok', url }); // trailing slash dropped
    p.stop();
    const after = hits;
    await new Promise((r) => setTimeout(r, 300));
    expect(hits).toBe(after);
  });
});
