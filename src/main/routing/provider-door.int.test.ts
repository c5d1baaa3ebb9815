import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { rawRequest } from '../http/raw-http';
import { startEngineHarness, type EngineHarness } from './testing/engine-harness';

// The provider's door over real HTTP: what a web page (no-cors simple POST, DNS rebinding) and a careless client
// (bad Authorization, bad model name, lying Content-Length) get, and that none of it reaches Ollama or the meter.
let fake: FakeOllama;
let h: EngineHarness;
let port: number;

beforeAll(async () => {
  fake = await startFakeOllama({ loaded: ['llama3.2:3b'] });
  h = await startEngineHarness(fake.url);
  port = Number(new URL(h.url).port);
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const chatBody = JSON.stringify({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'spend my money' }], stream: false });
const chats = () => fake.requests.filter((r) => r.path === '/api/chat').length;
/** What a page's `fetch(url, {mode:'no-cors', method:'POST', body})` sends: a "simple" request, no preflight. */
const simplePost = (origin: string, path = '/api/chat', body = chatBody) => fetch(h.url + path, { method: 'POST', headers: { origin, 'content-type': 'text/plain;charset=UTF-8' }, body });

describe('provider Origin/Host guard', () => {
  it('refuses a foreign Origin with 403 in Ollama’s shape, before Ollama or the meter see anything', async () => {
    const before = { chats: chats(), rows: h.rows().length };
    const res = await simplePost('https://evil.example');
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await res.json()).toEqual({ error: expect.stringMatching(/Origin/) });
    for (const path of ['/', '/api/version', '/api/tags', '/api/show', '/api/embed', '/api/pull']) {
      expect((await fetch(h.url + path, { method: path.startsWith('/api/') && !['/api/version', '/api/tags'].includes(path) ? 'POST' : 'GET', headers: { origin: 'https://evil.example' }, body: path === '/api/show' ? '{"model":"llama3.2:3b"}' : undefined })).status, path).toBe(403);
    }
    expect((await simplePost('null')).status).toBe(403);
    expect((await simplePost('http://localhost.evil.example')).status).toBe(403);
    expect(chats()).toBe(before.chats);
    expect(h.rows().length).toBe(before.rows);
  });

  it('refuses a non-loopback Host (DNS rebinding) with 403, without reaching Ollama', async () => {
    const before = chats();
    const r = await rawRequest(port, '/api/chat', { host: `evil.example:${port}`, 'content-type': 'application/json' }, 'POST', chatBody);
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toEqual({ error: expect.stringMatching(/Host/) });
    expect((await rawRequest(port, '/api/tags', { host: 'evil.example' })).status).toBe(403);
    expect((await rawRequest(port, '/', { host: `127.0.0.1.evil.example:${port}` })).status).toBe(403);
    expect(chats()).toBe(before);
    for (const host of [`localhost:${port}`, `[::1]:${port}`, `127.0.0.1:${port}`]) expect((await rawRequest(port, '/api/tags', { host })).status, host).toBe(200);
  });

  it('serves loopback pages, echoing their origin (never *)', async () => {
    const res = await simplePost('http://localhost:5173');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('vary')).toContain('Origin');
    expect((await res.json()).message.content).toContain('Hello');
  });

  it('lets the person allow an origin (CLAWGRID_ORIGINS / allowedOrigins, * as Ollama matches it), with preflight', async () => {
    expect((await simplePost('https://app.example.com')).status).toBe(403);
    h.core.settings.update({ allowedOrigins: ['https://app.example.com', 'https://*.tools.example'] });
    try {
      const ok = await simplePost('https://app.example.com');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect((await simplePost('https://a.tools.example')).status).toBe(200);
      expect((await simplePost('https://tools.example.evil')).status).toBe(403);
      expect((await simplePost('http://app.example.com')).status).toBe(403);
      const pre = await fetch(h.url + '/api/chat', { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
      const evilPre = await fetch(h.url + '/api/chat', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(evilPre.status).toBe(403);
    } finally {
      h.core.settings.update({ allowedOrigins: [] });
    }
  });
});

describe('provider answers exactly', () => {
  const chat = (headers: Record<string, string>, body = chatBody) => fetch(h.url + '/api/chat', { method: 'POST', headers, body });

  it('a malformed Authorization header is 401, never the default agent; none or ollama-local is the default agent', async () => {
    const before = chats();
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'ollama-local', 'Bearer a b', 'Token abc', 'Bearer not-a-clawgrid-key']) {
      const res = await chat({ authorization });
      expect(res.status, authorization).toBe(401);
      expect(await res.json()).toEqual({ error: expect.stringMatching(/unauthorized/) });
    }
    expect(chats()).toBe(before);
    expect((await chat({})).status).toBe(200);
    expect((await chat({ authorization: 'Bearer ollama-local' })).status).toBe(200);
    const { key } = h.feature.engine.agents.create('door-test');
    expect((await chat({ authorization: `bearer  ${key}` })).status).toBe(200);
  });

  it('an invalid model name is 400 in Ollama’s shape on every endpoint, not 404/503', async () => {
    const bad = ['llama 3', '../../etc/passwd', 'mo$del:1b', 'llama3:', ':latest'];
    for (const model of bad) {
      for (const [path, body] of [
        ['/api/chat', { model, messages: [{ role: 'user', content: 'hi' }] }],
        ['/api/generate', { model, prompt: 'hi' }],
        ['/api/show', { model }],
        ['/api/embed', { model, input: 'hi' }],
        ['/api/pull', { model }],
      ] as const) {
        const res = await fetch(h.url + path, { method: 'POST', body: JSON.stringify(body) });
        expect(res.status, `${path} ${model}`).toBe(400);
        expect(await res.json()).toEqual({ error: `invalid model name "${model}"` });
      }
    }
  });

  it('a body declared over the limit is 413 before it is read, not a reset', async () => {
    const r = await rawRequest(port, '/api/chat', { 'content-type': 'application/json', 'content-length': String(65 * 1024 * 1024) }, 'POST', '{"model":');
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toEqual({ error: expect.stringMatching(/too large/) });
  });
});
