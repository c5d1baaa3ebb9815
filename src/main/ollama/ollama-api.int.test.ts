import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOllamaPull } from '../../../test-support/fake-ollama-pull/fake-ollama-pull';
import { startFakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import type { FakeModel } from '../../../test-support/fake-ollama/fake-models';
import { silentLogger } from '../log/logger';
import { JobRejected } from '../miner/inference-backend';
import { createOllamaBackend } from '../miner/ollama-backend';
import { createOllamaApi } from './ollama-api';
import { createOllamaService } from './ollama-service';
import { OllamaFailure } from './port';

// The official client against the fakes over real loopback HTTP: what every feature's Ollama calls now go through.
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => void (await Promise.all(closers.splice(0).map((c) => c()))));

const fail = async (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as OllamaFailure);

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const s: Server = createServer(handler);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => (s.closeAllConnections(), s.close(r))));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

async function closedPortUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  await new Promise((r) => s.close(r));
  return url;
}

const BIG: FakeModel = { name: 'qwen3:8b', family: 'qwen3', parameterSize: '8.2B', quantization: 'Q4_K_M', sizeBytes: 5_225_387_923, contextLength: 40960, capabilities: ['completion', 'tools'] };
const SMALL: FakeModel = { name: 'llama3.2:3b', family: 'llama', parameterSize: '3.2B', quantization: 'Q4_K_M', sizeBytes: 2_019_393_189, contextLength: 131072, capabilities: ['completion'] };

describe('ollama api (official client) against the fake Ollama', () => {
  it('tags, ps and show, mapped; a poll sees a model load after the cold-load delay', async () => {
    const fake = await startFakeOllama({ coldLoadMs: 150 });
    closers.push(() => fake.close());
    const api = createOllamaApi(`${fake.url}/`);
    expect(api.url).toBe(fake.url);
    const installed = await api.list();
    expect(installed.map((m) => m.name)).toContain('llama3.2:3b');
    expect(installed.find((m) => m.name === 'llama3.2:3b')).toMatchObject({ family: 'llama', digest: expect.stringMatching(/^[0-9a-f]{64}$/), raw: { name: 'llama3.2:3b' } });
    expect(await api.ps()).toEqual([]);
    expect(await api.show('llama3.2:3b')).toMatchObject({ license: 'MIT', family: 'llama', capabilities: expect.arrayContaining(['completion']) });
    const svc = createOllamaService({ api, log: silentLogger });
    const t0 = Date.now();
    await api.warm('llama3.2:3b', 8192, new AbortController().signal);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140); // the cold load
    expect((await svc.refresh()).loaded).toMatchObject([{ name: 'llama3.2:3b', contextLength: 8192 }]);
    expect(svc.isLoaded('llama3.2:3b', 8192)).toBe(true);
  });

  it('errors are values: unknown model 404, text error page, stall → timeout, foreign JSON', async () => {
    const fake = await startFakeOllama();
    closers.push(() => fake.close());
    const api = createOllamaApi(fake.url, { timeoutMs: 300 });
    expect(await fail(api.show('nope:1b'))).toMatchObject({ code: 'OLLAMA_HTTP', status: 404, message: "Ollama: model 'nope:1b' not found" });
    fake.setFault({ kind: 'http-error', status: 502, message: 'Bad Gateway from proxy', shape: 'text' }, { paths: ['/api/tags'] });
    expect(await fail(api.list())).toMatchObject({ code: 'OLLAMA_HTTP', status: 502, message: 'Ollama: Bad Gateway from proxy' });
    fake.setFault({ kind: 'stall' }, { paths: ['/api/ps'] });
    const t0 = Date.now();
    expect(await fail(api.ps())).toMatchObject({ code: 'OLLAMA_TIMEOUT', message: `Ollama at ${fake.url} did not answer within 0.3 s (/api/ps).` });
    expect(Date.now() - t0).toBeLessThan(2000);
    fake.setFault(null);
    const html = await serve((_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"hello":"router login"}'));
    expect(await fail(createOllamaApi(html).list())).toMatchObject({ code: 'OLLAMA_BAD_REPLY' });
  });

  it('nothing listening: OLLAMA_ABSENT said plainly, and the service reports it as its state', async () => {
    const url = await closedPortUrl();
    const api = createOllamaApi(url);
    const e = await fail(api.list());
    expect(e).toBeInstanceOf(OllamaFailure);
    expect(e).toMatchObject({ code: 'OLLAMA_ABSENT', kind: 'absent', message: `Ollama is not reachable at ${url}: nothing is listening there (is Ollama running?).` });
    const s = await createOllamaService({ api, log: silentLogger }).refresh();
    expect(s.reachability).toEqual({ state: 'absent', url, code: 'OLLAMA_ABSENT', message: e.message });
  });

  it('pull streams progress; aborting one pull ends that stream only', async () => {
    const fake = await startFakeOllamaPull({ library: [BIG, SMALL], chunkBytes: 256 * 1024 * 1024, lineDelayMs: 15 });
    closers.push(() => fake.close());
    const api = createOllamaApi(fake.url);
    const cancel = new AbortController();
    const bigLines: number[] = [];
    const big = (async () => {
      for await (const l of api.pull(BIG.name, cancel.signal)) {
        if (l.completed) bigLines.push(l.completed);
        if (bigLines.length === 3) cancel.abort();
      }
    })();
    const smallStatuses: string[] = [];
    const small = (async () => {
      for await (const l of api.pull(SMALL.name, new AbortController().signal)) smallStatuses.push(l.status);
    })();
    expect(await fail(big)).toMatchObject({ code: 'OLLAMA_ABORTED', kind: 'aborted' });
    await small;
    expect(smallStatuses[0]).toBe('pulling manifest');
    expect(smallStatuses.slice(-3)).toEqual(['verifying sha256 digest', 'writing manifest', 'success']);
    expect(bigLines).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.pulls.map((p) => [p.model, p.aborted])).toEqual([[BIG.name, true], [SMALL.name, false]]);
    expect((await api.list()).map((m) => m.name)).toEqual([SMALL.name]);
    // A failing pull: the {"error"} line becomes the failure's message.
    expect(await fail((async () => { for await (const _ of api.pull('missing:1b', new AbortController().signal)) void _; })())).toMatchObject({ code: 'OLLAMA_STREAM', message: 'Pull failed: pull model manifest: file does not exist' });
    // Delete, and the 404 for a model that is not there.
    await api.delete(SMALL.name);
    expect(await api.list()).toEqual([]);
    expect(await fail(api.delete(SMALL.name))).toMatchObject({ code: 'OLLAMA_HTTP', status: 404 });
  });
});

describe('the miner backend on the official client', () => {
  it('runs chat and generate jobs, rejects an unknown model, never substitutes one', async () => {
    const fake = await startFakeOllama();
    closers.push(() => fake.close());
    const backend = createOllamaBackend({ url: fake.url });
    expect(await backend.models()).toContain('llama3.2:3b');
    const signal = new AbortController().signal;
    const chat = await backend.run({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], system: 'be brief' }, signal);
    expect(chat).toMatchObject({ status: 'completed', model: 'llama3.2:3b', output: expect.any(String) });
    expect(chat.tokens_processed).toBeGreaterThan(0);
    const sent = fake.requests.find((r) => r.path === '/api/chat')!.body as { messages: { role: string }[]; stream: boolean };
    expect(sent.stream).toBe(false);
    expect(sent.messages[0]!.role).toBe('system');
    const gen = await backend.run({ model: 'llama3.2:3b', prompt: 'hello' }, signal);
    expect(gen.output.length).toBeGreaterThan(0);
    const e = await fail(backend.run({ model: 'nope:1b', prompt: 'x' }, signal));
    expect(e).toBeInstanceOf(JobRejected);
    expect(e).toMatchObject({ code: 'model_not_found', message: "Ollama 404: model 'nope:1b' not found" });
  });
});
