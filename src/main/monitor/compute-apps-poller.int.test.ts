import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAKE_NVIDIA_SMI } from '../../../test-support/fake-nvidia-smi/path';
import { silentLogger } from '../log/logger';
import { createComputeAppsPoller } from './compute-apps-poller';

const dir = mkdtempSync(path.join(tmpdir(), 'clawgrid-apps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fake nvidia-smi behind a wrapper that counts its invocations. */
function countingFake(): { binary: string; calls: () => number } {
  const binary = path.join(dir, 'nvidia-smi');
  const log = `${binary}.calls`;
  writeFileSync(binary, `#!/bin/sh\necho x >> "${log}"\nexec "${FAKE_NVIDIA_SMI}" "$@"\n`);
  chmodSync(binary, 0o755);
  return { binary, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').length - 1 : 0) };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('compute-apps poller', () => {
  it('lists GPU processes; skips polls while GPU memory use is unchanged; polls again when it changes', async () => {
    const fake = countingFake();
    let key = 'GPU-a=23240';
    const p = createComputeAppsPoller({ binary: fake.binary, log: silentLogger, isActive: () => true, changeKey: () => key, intervalMs: 100, refreshMs: 60_000 });
    p.start();
    p.pollNow();
    for (let i = 0; i < 100 && p.apps().length === 0; i++) await sleep(20);
    expect(p.apps()).toEqual([{ gpuUuid: 'GPU-5c6b3a0e-3f0e-8a5e-7c53-0b9a5ad1b2f4', pid: 2143, name: 'ollama', usedMemMiB: 22630 }]);
    await sleep(600); // six intervals, nothing changed
    expect(fake.calls()).toBe(1);
    key = 'GPU-a=1204'; // a model was unloaded
    for (let i = 0; i < 100 && fake.calls() < 2; i++) await sleep(20);
    expect(fake.calls()).toBe(2);
    p.stop();
    expect(p.apps()).toEqual([]);
  });

  it('costs nothing while the GPU source is not ok', async () => {
    const fake = countingFake();
    const before = fake.calls();
    const p = createComputeAppsPoller({ binary: fake.binary, log: silentLogger, isActive: () => false, intervalMs: 50 });
    p.start();
    p.pollNow();
    await sleep(300);
    p.stop();
    expect(fake.calls()).toBe(before);
  });
});
