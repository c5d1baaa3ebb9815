import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../log/logger';
import { createOllamaService } from './ollama-service';
import { OllamaFailure, type InstalledModel, type LoadedModel, type OllamaApi, type OllamaSnapshot } from './port';

const URL = 'http://127.0.0.1:11434';
const model = (name: string): InstalledModel => ({ name, sizeBytes: 1, digest: `d-${name}`, family: null, parameterSize: null, quantization: null, contextLength: null, raw: { name } });

/** An API whose tags/ps answers the test sets; counts calls and records when they happened. */
function fakeApi() {
  const st = { installed: [model('qwen3:8b')], loaded: [] as LoadedModel[], down: null as OllamaFailure | null, list: 0, ps: 0, at: [] as number[] };
  const gate = async () => {
    await Promise.resolve();
    if (st.down) throw st.down;
  };
  const api = {
    url: URL,
    async list() {
      st.list++;
      st.at.push(Date.now());
      await gate();
      return st.installed;
    },
    async ps() {
      st.ps++;
      const loaded = st.loaded; // what was loaded when Ollama was asked
      await gate();
      return loaded;
    },
  } as unknown as OllamaApi;
  return { api, st };
}

const absent = () => new OllamaFailure('OLLAMA_ABSENT', `Ollama is not reachable at ${URL}: nothing is listening there (is Ollama running?).`);

describe('ollama service: one poller, one picture', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('concurrent readers share one poll (one /api/tags + one /api/ps)', async () => {
    const { api, st } = fakeApi();
    const svc = createOllamaService({ api, log: silentLogger });
    const [a, b, c] = await Promise.all([svc.refresh(), svc.refresh(), svc.refresh()]);
    expect([st.list, st.ps]).toEqual([1, 1]);
    expect(a).toBe(b);
    expect(c.reachability).toMatchObject({ state: 'ok', code: null });
    expect(svc.snapshot().installed.map((m) => m.name)).toEqual(['qwen3:8b']);
  });

  it('a refresh during a poll that already asked Ollama gets a fresh poll, which sees the change', async () => {
    const { api, st } = fakeApi();
    const svc = createOllamaService({ api, log: silentLogger });
    const early = svc.refresh();
    await Promise.resolve();
    await Promise.resolve(); // the first poll has asked: it cannot see what changes now
    expect(st.list).toBe(1);
    st.loaded = [{ name: 'qwen3:8b', contextLength: 4096 } as LoadedModel];
    const [a, b, c] = await Promise.all([early, svc.refresh(), svc.refresh()]);
    expect(a.loaded).toEqual([]);
    expect(b).toBe(c); // the two late callers share the one fresh poll
    expect(b.loaded.map((m) => m.name)).toEqual(['qwen3:8b']);
    expect([st.list, st.ps]).toEqual([2, 2]);
    expect(svc.isLoaded('qwen3:8b', 4096)).toBe(true);
  });

  it('starts "starting", polls at start and every interval, and stop() ends it', async () => {
    const { api, st } = fakeApi();
    const svc = createOllamaService({ api, log: silentLogger, intervalMs: 1000 });
    expect(svc.snapshot()).toMatchObject({ reachability: { state: 'starting' }, polledAt: null });
    svc.start();
    svc.start(); // idempotent: still one chain
    await vi.advanceTimersByTimeAsync(3500);
    expect(st.list).toBe(4); // t=0, 1000, 2000, 3000
    svc.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(st.list).toBe(4);
  });

  it('a loaded-state change is published once; identical polls publish nothing', async () => {
    const { api, st } = fakeApi();
    const svc = createOllamaService({ api, log: silentLogger, intervalMs: 1000 });
    const seen: OllamaSnapshot[] = [];
    const off = svc.subscribe((s) => seen.push(s));
    svc.start();
    await vi.advanceTimersByTimeAsync(2500); // 3 identical polls
    expect(seen).toHaveLength(1); // starting → ok
    st.loaded = [{ name: 'qwen3:8b', sizeBytes: 1, sizeVramBytes: 1, expiresAt: '2026-05-14T12:39:12Z', contextLength: 8192 }];
    await vi.advanceTimersByTimeAsync(3000);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.loaded.map((m) => m.name)).toEqual(['qwen3:8b']);
    off();
    st.loaded = [];
    await vi.advanceTimersByTimeAsync(2000);
    expect(seen).toHaveLength(2);
    svc.stop();
  });

  it('Ollama down: a plain message, nothing loaded, and polls back off (doubling, capped)', async () => {
    const { api, st } = fakeApi();
    st.down = absent();
    const svc = createOllamaService({ api, log: silentLogger, intervalMs: 1000, maxBackoffMs: 8000 });
    svc.start();
    await vi.advanceTimersByTimeAsync(40_000);
    expect(svc.snapshot().reachability).toEqual({ state: 'absent', url: URL, code: 'OLLAMA_ABSENT', message: `Ollama is not reachable at ${URL}: nothing is listening there (is Ollama running?).` });
    expect(svc.snapshot().loaded).toEqual([]);
    const gaps = st.at.slice(1).map((t, i) => t - st.at[i]!);
    expect(gaps.slice(0, 4)).toEqual([2000, 4000, 8000, 8000]);
    expect(st.list).toBeLessThan(10); // a steady 1 s poll would have made 41
    // Back up: the next poll finds it and the normal interval resumes.
    st.down = null;
    await vi.advanceTimersByTimeAsync(8000);
    expect(svc.snapshot().reachability.state).toBe('ok');
    const n = st.list;
    await vi.advanceTimersByTimeAsync(3000);
    expect(st.list).toBe(n + 3);
    svc.stop();
  });

  it('an unexpected error is still a value with a code, not a crash', async () => {
    const { api, st } = fakeApi();
    st.down = new Error('boom') as unknown as OllamaFailure;
    const svc = createOllamaService({ api, log: silentLogger });
    expect((await svc.refresh()).reachability).toMatchObject({ state: 'error', code: 'OLLAMA_UNREACHABLE', message: expect.stringContaining('boom') });
  });

  it('noteLoaded counts as loaded (with its context) until a later poll says otherwise', async () => {
    const { api, st } = fakeApi();
    const svc = createOllamaService({ api, log: silentLogger });
    await svc.refresh();
    expect(svc.isLoaded('qwen3:8b')).toBe(false);
    svc.noteLoaded('qwen3:8b', 32768);
    expect(svc.isLoaded('qwen3:8b', 32768)).toBe(true);
    expect(svc.isLoaded('qwen3:8b', 4096)).toBe(false); // another num_ctx reloads the model
    expect(svc.isLoaded('qwen3:8b')).toBe(true);
    await svc.refresh(); // ps (started after the hint) says nothing is loaded: it expired
    expect(svc.isLoaded('qwen3:8b')).toBe(false);
    st.loaded = [{ name: 'qwen3:8b', sizeBytes: 1, sizeVramBytes: 1, expiresAt: null, contextLength: 4096 }];
    await svc.refresh();
    expect(svc.isLoaded('qwen3:8b', 4096)).toBe(true);
    expect(svc.isLoaded('qwen3:8b', 8192)).toBe(false);
  });
});
