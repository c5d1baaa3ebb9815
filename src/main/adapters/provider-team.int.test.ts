import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import crypto from 'node:crypto';
import tls, { type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { startPluggedProvider } from './testing/plugged-provider';

// Serving a team: the provider on a wildcard bind over real HTTPS, reached through this machine's LAN address
// (so the peer really is off loopback), by a client that pins ClawGrid's certificate fingerprint.
const lanIp = Object.values(os.networkInterfaces()).flatMap((l) => l ?? []).find((a) => !a.internal && a.family === 'IPv4')?.address;
if (!lanIp) console.log('provider-team: skipped, this machine has no non-loopback IPv4 address to reach the LAN listener through');

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One HTTPS request that sends nothing (not even headers) until the server's certificate matches `pin`. */
function pinned(url: string, pin: string, opts: { method?: string; path: string; key?: string; body?: unknown; headers?: Record<string, string> }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const req = https.request(new URL(opts.path, url), {
      method: opts.method ?? (body ? 'POST' : 'GET'),
      headers: { ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      // Trust comes from the pin, not from a CA: a self-signed certificate is expected.
      rejectUnauthorized: false,
      agent: false,
    });
    req.on('socket', (s) =>
      s.once('secureConnect', () => {
        const got = (s as TLSSocket).getPeerCertificate().fingerprint256;
        if (got !== pin) return void req.destroy(new Error(`certificate pin mismatch: ${got}`));
        req.end(body);
      }),
    );
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
  });
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

let fake: FakeOllama;
beforeAll(async () => {
  fake = await startFakeOllama({ loaded: ['llama3.2:3b'] });
});
afterAll(async () => {
  await fake?.close();
});

describe.skipIf(!lanIp)('serving a team over TLS', () => {
  let h: Awaited<ReturnType<typeof startPluggedProvider>>;
  let url: string;
  let pin: string;
  beforeAll(async () => {
    h = await startPluggedProvider(fake.url, { CLAWGRID_PROVIDER_BIND: '0.0.0.0', CLAWGRID_PROVIDER_RATE_LIMIT: '3', CLAWGRID_METRICS_TOKEN: 'scrape-me' });
    const l = h.plugins.team.listener();
    expect(l).toMatchObject({ state: 'listening', rateLimitPerMinute: 3 });
    url = `https://${lanIp}:${new URL(l.url!).port}`;
    pin = l.fingerprint256!;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers a keyed client that pins the fingerprint, and shows the fingerprint in the host call', async () => {
    const { key } = h.feature.engine.agents.create('teammate', { mode: 'local' });
    const chat = await pinned(url, pin, { path: '/api/chat', key, body: { model: 'llama3.2:3b', stream: false, messages: [{ role: 'user', content: 'hi' }] } });
    expect(chat.status).toBe(200);
    expect((JSON.parse(chat.text) as { message: { content: string } }).message.content.length).toBeGreaterThan(0);
    expect((await pinned(url, pin, { path: '/api/tags', key })).status).toBe(200);
    const status = await h.plugins.team.handlers['team.status']({}, { transport: 'test' });
    expect(status.listener.fingerprint256).toBe(pin);
    expect(status.listener.message).toContain(pin);
    // The public-key pin (curl --pinnedpubkey) matches the key the server really presents.
    const presented = await new Promise<crypto.X509Certificate>((resolve, reject) => {
      const s = tls.connect({ host: lanIp, port: Number(new URL(url).port), rejectUnauthorized: false }, () => {
        resolve(s.getPeerX509Certificate()!);
        s.end();
      });
      s.on('error', reject);
    });
    const spki = presented.publicKey.export({ type: 'spki', format: 'der' });
    expect(crypto.createHash('sha256').update(spki).digest('base64')).toBe(status.listener.spkiSha256);
    const agentId = h.feature.engine.agents.list().find((a) => a.name === 'teammate')!.id;
    expect(status.peers).toContainEqual(expect.objectContaining({ address: lanIp, local: false, agentId, agentName: 'teammate', requests: 2, limited: 0 }));
  });

  it('refuses a peer off this machine without a key (no default agent), with OpenClaw’s placeholder or an unknown key', async () => {
    for (const key of [undefined, 'ollama-local', 'cg_not-a-real-key']) {
      const r = await pinned(url, pin, { path: '/api/chat', key, body: { model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }] } });
      expect(r.status, String(key)).toBe(401);
    }
    expect(fake.requests.filter((r) => r.path === '/api/chat')).toHaveLength(1);
    // This machine itself still uses the plain loopback endpoint without a key.
    const local = await fetch(`${h.url}/api/tags`);
    expect(local.status).toBe(200);
  });

  it('rate limits each key: 429 with Retry-After once its bucket is empty, other keys unaffected', async () => {
    const { key } = h.feature.engine.agents.create('chatty', { mode: 'local' });
    const { key: other } = h.feature.engine.agents.create('quiet', { mode: 'local' });
    for (let i = 0; i < 3; i++) expect((await pinned(url, pin, { path: '/api/tags', key })).status).toBe(200);
    const limited = await pinned(url, pin, { path: '/api/tags', key });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(20);
    expect((await pinned(url, pin, { path: '/api/tags', key: other })).status).toBe(200);
    const peers = (await h.plugins.team.handlers['team.status']({}, { transport: 'test' })).peers;
    expect(peers.find((p) => p.agentName === 'chatty')).toMatchObject({ requests: 3, limited: 1 });
  });

  it('its door admits the listener’s own address and host name as Host, nothing else; Origin rules hold; :11500 stays loopback-only', async () => {
    const port = new URL(url).port;
    const hosts = [`${lanIp}:${port}`, `${os.hostname()}:${port}`, `${os.hostname()}.local:${port}`, `localhost:${port}`];
    // A key per Host, so the bucket (3 a minute here) does not decide the answer.
    for (const [i, host] of hosts.entries()) {
      const { key } = h.feature.engine.agents.create(`door-${i}`, { mode: 'local' });
      expect((await pinned(url, pin, { path: '/api/tags', key, headers: { host } })).status, host).toBe(200);
    }
    const { key } = h.feature.engine.agents.create('door', { mode: 'local' });
    const rebound = await pinned(url, pin, { path: '/api/tags', key, headers: { host: `evil.example:${port}` } });
    expect(rebound.status).toBe(403);
    expect(rebound.text).toMatch(/DNS rebinding/);
    const foreign = await pinned(url, pin, { path: '/api/tags', key, headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.text).toMatch(/Foreign Origin/);
    // The plain loopback endpoint does not accept the LAN address as its Host.
    const plain = await new Promise<number>((resolve, reject) => {
      const r = http.request(`${h.url}/api/tags`, { headers: { host: `${lanIp}:${new URL(h.url).port}` }, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      r.on('error', reject);
      r.end();
    });
    expect(plain).toBe(403);
    // A Prometheus on another machine scrapes /metrics through the team listener (its own token, no agent key).
    const scrape = await pinned(url, pin, { path: '/metrics', headers: { authorization: 'Bearer scrape-me' } });
    expect(scrape.status).toBe(200);
    expect(scrape.text).toMatch(/^# HELP /m);
  });

  it('is TLS only: a wrong pin sends nothing, plain HTTP on the team port gets no answer', async () => {
    await expect(pinned(url, 'AA:'.repeat(31) + 'AA', { path: '/api/tags' })).rejects.toThrow(/pin mismatch/);
    await expect(fetch(url.replace('https:', 'http:') + '/api/tags')).rejects.toThrow();
  });
});

describe('a LAN bind without TLS', () => {
  it('is refused at start with a clear error, and nothing listens on the team port', async () => {
    const port = await freePort();
    const h = await startPluggedProvider(fake.url, { CLAWGRID_PROVIDER_BIND: '0.0.0.0', CLAWGRID_PROVIDER_TLS: 'off' }, port);
    try {
      const l = (await h.plugins.team.handlers['team.status']({}, { transport: 'test' })).listener;
      expect(l.state).toBe('refused');
      expect(l.message).toMatch(/without TLS/);
      expect(l.url).toBeNull();
      await expect(fetch(`http://127.0.0.1:${port}/api/tags`)).rejects.toThrow();
      // The local endpoint is unaffected.
      expect((await fetch(`${h.url}/api/tags`)).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});
