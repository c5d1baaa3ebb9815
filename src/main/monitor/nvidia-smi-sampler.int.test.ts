import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { FAKE_NVIDIA_SMI } from '../../../test-support/fake-nvidia-smi/path';
import { silentLogger, type Logger } from '../log/logger';
import { createNvidiaSmiSampler, NVIDIA_ABSENT_MESSAGE, type GpuReading, type NvidiaSmiSampler } from './nvidia-smi-sampler';

let dir: string;
const started: NvidiaSmiSampler[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clawgrid-nvsmi-'));
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A wrapper that runs the fake nvidia-smi in `scenario`, logging each -lms spawn to <name>.spawns. */
function fake(name: string, scenario: string): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    `#!/bin/sh\ncase "$*" in *-lms*) date +%s%N >> "${file}.spawns";; esac\nFAKE_NVIDIA_SMI_SCENARIO=${scenario} exec "${FAKE_NVIDIA_SMI}" "$@"\n`,
  );
  chmodSync(file, 0o755);
  return file;
}

async function waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function recordingLogger(): Logger & { entries: { event: string; fields: Record<string, unknown> }[] } {
  const entries: { event: string; fields: Record<string, unknown> }[] = [];
  const rec = (event: string, fields: Record<string, unknown> = {}) => entries.push({ event, fields });
  return { entries, debug: rec, info: rec, warn: rec, error: rec };
}

function sampler(opts: Parameters<typeof createNvidiaSmiSampler>[0]): NvidiaSmiSampler {
  const s = createNvidiaSmiSampler(opts);
  started.push(s);
  s.start();
  return s;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('nvidia-smi sampler (fake nvidia-smi)', () => {
  it('streams readings from one long-lived child; values change between readings; ollama shows in processes', async () => {
    const s = sampler({ log: silentLogger, binary: FAKE_NVIDIA_SMI, loopMs: 150 });
    const readings: GpuReading[] = [];
    const off = s.onReading((r) => readings.push(r));
    await waitFor(() => readings.length >= 3, 10_000, 'three readings');
    off();
    expect(s.status()).toEqual({ state: 'ok', message: 'NVIDIA GeForce RTX 4090' });
    expect(readings.every((r) => r.gpus.length === 1 && r.gpus[0]?.uuid === 'GPU-5c6b3a0e-3f0e-8a5e-7c53-0b9a5ad1b2f4')).toBe(true);
    const [a, b] = readings;
    expect(a?.gpus[0]?.utilGpuPct).not.toBe(b?.gpus[0]?.utilGpuPct);
    expect(a?.gpus[0]?.powerW).not.toBe(b?.gpus[0]?.powerW);
    const pid = s.childPid();
    await waitFor(() => s.processes().length > 0, 5000, 'compute apps');
    expect(s.processes()).toEqual([
      { gpuUuid: 'GPU-5c6b3a0e-3f0e-8a5e-7c53-0b9a5ad1b2f4', pid: 2143, name: 'ollama', usedMemMiB: 22630 },
    ]);
    expect(s.childPid()).toBe(pid); // still the same child: no respawn per sample
  });

  it('groups a two-GPU frame into one reading with both GPUs', async () => {
    const s = sampler({ log: silentLogger, binary: fake('two', 'two-gpus'), loopMs: 150 });
    const readings: GpuReading[] = [];
    s.onReading((r) => readings.push(r));
    await waitFor(() => readings.length >= 3, 10_000, 'three readings');
    for (const r of readings) expect(r.gpus.map((g) => g.index)).toEqual([0, 1]);
    expect(s.status().message).toBe('2 GPUs: NVIDIA GeForce RTX 3090, NVIDIA GeForce RTX 3090');
  });

  it('a missing nvidia-smi is "absent" with the user-facing message, and is looked for again only after absentRetryMs', async () => {
    const binary = path.join(dir, 'late-nvidia-smi');
    const s = sampler({ log: silentLogger, binary, absentRetryMs: 1500, loopMs: 150 });
    await waitFor(() => s.status().state === 'absent', 5000, 'absent');
    expect(s.status().message).toBe(NVIDIA_ABSENT_MESSAGE);
    expect(s.latest()).toBeNull();
    // The driver gets installed: nothing happens until the retry is due, then it comes up.
    writeFileSync(binary, `#!/bin/sh\nexec "${FAKE_NVIDIA_SMI}" "$@"\n`);
    chmodSync(binary, 0o755);
    await new Promise((r) => setTimeout(r, 500));
    expect(s.status().state).toBe('absent');
    await waitFor(() => s.status().state === 'ok', 10_000, 'ok after retry');
  });

  it('a driver failure (exit 9) is an error with nvidia-smi\'s own words, retried with exponential backoff', async () => {
    const log = recordingLogger();
    const binary = fake('broken', 'driver-failure');
    const s = sampler({ log, binary, backoffInitialMs: 100, backoffMaxMs: 400 });
    await waitFor(() => log.entries.filter((e) => e.event === 'gpu.restart_scheduled').length >= 5, 15_000, 'five retries');
    expect(s.status().state).toBe('error');
    expect(s.status().message).toContain("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver");
    expect(s.status().message).toContain('code 9');
    const delays = log.entries.filter((e) => e.event === 'gpu.restart_scheduled').map((e) => e.fields.retryInMs);
    expect(delays.slice(0, 5)).toEqual([100, 200, 400, 400, 400]);
    const spawns = readFileSync(`${binary}.spawns`, 'utf8').trim().split('\n').map((l) => Number(BigInt(l) / 1_000_000n));
    expect(spawns.length).toBeGreaterThanOrEqual(5);
    // The real wait before the 4th spawn is at least its 400 ms backoff (no backoff would be ~150 ms).
    expect((spawns[3] ?? 0) - (spawns[2] ?? 0)).toBeGreaterThanOrEqual(400);
  });

  it('a hung nvidia-smi (no output) is SIGKILLed by the watchdog and restarted', async () => {
    const log = recordingLogger();
    const s = sampler({ log, binary: fake('hung', 'hang'), probeTimeoutMs: 300, watchdogMs: 600, backoffInitialMs: 100 });
    const pid = await waitFor(() => s.childPid(), 5000, 'loop child');
    await waitFor(() => s.status().state === 'error', 5000, 'watchdog');
    expect(s.status().message).toMatch(/stopped answering for \d+ s and was restarted/);
    expect(log.entries.some((e) => e.event === 'gpu.watchdog_kill' && e.fields.pid === pid)).toBe(true);
    expect(isAlive(pid)).toBe(false);
    const next = await waitFor(() => s.childPid() !== pid && s.childPid(), 5000, 'restarted child');
    expect(isAlive(next)).toBe(true);
  });

  it('a healthy child that dies is restarted after the initial backoff, not a grown one', async () => {
    const log = recordingLogger();
    const s = sampler({ log, binary: FAKE_NVIDIA_SMI, loopMs: 100, backoffInitialMs: 100, healthyResetMs: 300 });
    for (let i = 0; i < 2; i++) {
      await waitFor(() => s.status().state === 'ok', 10_000, 'ok');
      await new Promise((r) => setTimeout(r, 400));
      process.kill(s.childPid() ?? 0, 'SIGKILL');
      await waitFor(() => s.status().state === 'error', 5000, 'error');
    }
    const delays = log.entries.filter((e) => e.event === 'gpu.restart_scheduled').map((e) => e.fields.retryInMs);
    expect(delays).toEqual([100, 100]);
    expect(s.status().message).toBe('nvidia-smi exited (SIGKILL)');
  });

  it('stop() kills the child and resolves only after it has exited', async () => {
    const s = sampler({ log: silentLogger, binary: FAKE_NVIDIA_SMI, loopMs: 150 });
    await waitFor(() => s.status().state === 'ok', 10_000, 'ok');
    const pid = s.childPid() ?? -1;
    expect(isAlive(pid)).toBe(true);
    await s.stop();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(s.childPid()).toBeUndefined();
    expect(s.latest()).toBeNull();
  });
});
