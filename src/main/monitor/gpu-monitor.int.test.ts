import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorSampleSchema, monitorStatusSchema, type MonitorSample, type MonitorStatus } from '../../shared/contract/monitor';
import { FAKE_NVIDIA_SMI } from '../../../test-support/fake-nvidia-smi/path';
import { silentLogger } from '../log/logger';
import { createOllamaApi } from '../ollama/ollama-api';
import { createOllamaService } from '../ollama/ollama-service';
import { createMonitorService } from './gpu-monitor';
import { ollamaStatusSource } from './ollama-ps';

/** The Ollama feature's service, polling fast, as the monitor's source (the container wires the same). */
const ollamaAt = (url: string) => {
  const o = createOllamaService({ api: createOllamaApi(url, { timeoutMs: 1000 }), log: silentLogger, intervalMs: 200 });
  o.start();
  return o;
};

let server: Server;
let ollamaUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/api/tags') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"models":[]}');
    if (req.url !== '/api/ps') return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        models: [
          {
            name: 'qwen3:32b',
            model: 'qwen3:32b',
            size: 23727063040,
            digest: '030ee887880f8e7b6dbcc4f6cd1a65f4a8f2e8bcc7f1bea5b9e2c0ee1c3bb7a0',
            details: { format: 'gguf', family: 'qwen3', parameter_size: '32.8B', quantization_level: 'Q4_K_M' },
            expires_at: '2026-05-14T12:39:12.873402519+02:00',
            size_vram: 23727063040,
            context_length: 8192,
          },
        ],
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  ollamaUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => (server.closeAllConnections(), server.close(r))));

describe('monitor service with the fake nvidia-smi, a real-shaped Ollama and this machine', () => {
  it('assembles GPU, system, Ollama and process data into contract-valid ticks; stop() leaves no child', async () => {
    const ollama = ollamaAt(ollamaUrl);
    const m = createMonitorService({ ollama: ollamaStatusSource(ollama), log: silentLogger, intervalMs: 200, windowSize: 4, nvidiaSmi: FAKE_NVIDIA_SMI });
    const ticks: { sample: MonitorSample; status: MonitorStatus }[] = [];
    m.onTick((t) => ticks.push(t));
    m.start();
    const deadline = Date.now() + 15_000;
    const ready = () => ticks.length >= 5 && ticks.filter((t) => t.sample.gpus.length === 1).length >= 3 && (ticks.at(-1)?.status.processes.length ?? 0) > 0;
    while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(ready()).toBe(true);

    for (const t of ticks) {
      monitorSampleSchema.parse(t.sample);
      monitorStatusSchema.parse(t.status);
    }
    const last = ticks.at(-1)!;
    expect(last.sample.gpus[0]).toMatchObject({ name: 'NVIDIA GeForce RTX 4090', memTotalMiB: 24564, mig: false });
    expect(last.sample.system?.memTotalBytes).toBeGreaterThan(0);
    expect(last.status.gpu).toEqual({ state: 'ok', message: 'NVIDIA GeForce RTX 4090' });
    expect(last.status.processes).toContainEqual({ pid: 2143, name: 'ollama', usedMemMiB: 22630 });
    expect(last.status.ollama).toMatchObject({ state: 'ok', url: ollamaUrl, models: [{ name: 'qwen3:32b', contextLength: 8192 }] });
    const withGpu = ticks.filter((t) => t.sample.gpus.length === 1).map((t) => t.sample.gpus[0]?.powerW);
    expect(new Set(withGpu).size).toBeGreaterThan(1); // live values, not one frame repeated

    const snap = m.snapshot();
    expect(snap.samples.length).toBe(4); // windowSize, though more ticks happened
    expect(snap.samples.at(-1)).toEqual(last.sample);

    await m.stop();
    ollama.stop();
    const n = ticks.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(ticks.length).toBe(n);
  });

  it('no nvidia-smi and no Ollama: both "absent", CPU and RAM still sampled', async () => {
    const ollama = ollamaAt('http://127.0.0.1:59998');
    const m = createMonitorService({ ollama: ollamaStatusSource(ollama), log: silentLogger, intervalMs: 100, nvidiaSmi: '/nonexistent/nvidia-smi' });
    m.start();
    const deadline = Date.now() + 5000;
    while (m.snapshot().samples.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const { samples, status } = m.snapshot();
    monitorStatusSchema.parse(status);
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(samples.every((s) => s.gpus.length === 0)).toBe(true);
    expect(samples.at(-1)?.system).not.toBeNull();
    expect(status.gpu).toEqual({
      state: 'absent',
      message: 'No NVIDIA GPU detected (nvidia-smi not found) — GPU charts are hidden; CPU and RAM are still monitored.',
    });
    expect(status.ollama.state).toBe('absent');
    expect(status.ollama.message).toBe('Ollama is not running at http://127.0.0.1:59998 — local models appear here when it is.');
    await m.stop();
    ollama.stop();
  });
});
