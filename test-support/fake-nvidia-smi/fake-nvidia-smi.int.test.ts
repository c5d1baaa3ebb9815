import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { computeAppsArgs, gpuLoopArgs, migProbeArgs, parseComputeApps, parseGpuLine } from '../../src/main/monitor/nvidia-smi-parser';
import { FAKE_NVIDIA_SMI } from './path';

const run = promisify(execFile);

async function lines(args: string[], n: number, env: Record<string, string> = {}): Promise<string[]> {
  const c = spawn(FAKE_NVIDIA_SMI, args, { env: { ...process.env, ...env } });
  const out: string[] = [];
  for await (const l of createInterface({ input: c.stdout })) {
    out.push(l);
    if (out.length === n) break;
  }
  c.kill('SIGKILL');
  return out;
}

describe('fake nvidia-smi', () => {
  it('loops recorded frames every -lms ms with changing values (rtx4090-single)', async () => {
    const t0 = Date.now();
    const out = await lines(gpuLoopArgs(100), 4);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    const gpus = out.map((l) => parseGpuLine(l));
    expect(gpus.every((g) => g?.name === 'NVIDIA GeForce RTX 4090')).toBe(true);
    expect(new Set(gpus.map((g) => g?.utilGpuPct)).size).toBeGreaterThan(1);
  });

  it('two-gpus prints one line per GPU per frame', async () => {
    const out = await lines(gpuLoopArgs(50), 4, { FAKE_NVIDIA_SMI_SCENARIO: 'two-gpus' });
    expect(out.map((l) => parseGpuLine(l)?.index)).toEqual([0, 1, 0, 1]);
  });

  it('compute apps: ollama holding 22630 MiB; MIG probe: Disabled per GPU', async () => {
    const apps = await run(FAKE_NVIDIA_SMI, computeAppsArgs());
    expect(parseComputeApps(apps.stdout)).toContainEqual(expect.objectContaining({ name: 'ollama', usedMemMiB: 22630 }));
    const mig = await run(FAKE_NVIDIA_SMI, migProbeArgs(), { env: { ...process.env, FAKE_NVIDIA_SMI_SCENARIO: 'two-gpus' } });
    expect(mig.stdout).toBe('0, Disabled\n1, Disabled\n');
  });

  it('unknown arguments: exit 6 with nvidia-smi\'s message', async () => {
    const err = await run(FAKE_NVIDIA_SMI, ['--bogus']).catch((e: { code: number; stdout: string }) => e);
    expect(err).toMatchObject({ code: 6, stdout: expect.stringContaining('Invalid combination of input arguments') });
  });
});
