import type os from 'node:os';
import { describe, expect, it } from 'vitest';
import { systemSampleSchema } from '../../shared/contract/monitor';
import { silentLogger } from '../log/logger';
import { createCpuLoadMeter, createDefaultSystemProbe, createSystemSampler, type SystemProbe } from './system-sampler';

const GiB = 1024 ** 3;

function probe(over: Partial<SystemProbe> = {}): SystemProbe {
  return {
    cpuLoadPct: async () => 25,
    mem: async () => ({ active: 12 * GiB, total: 64 * GiB }),
    cpuInfo: async () => ({ model: 'AMD Ryzen 9 7950X 16-Core Processor', cores: 32 }),
    load1: () => 1.5,
    ...over,
  };
}

describe('system sampler', () => {
  it('reports CPU %, active memory as used, total and load1; CPU model read once at start', async () => {
    let infoCalls = 0;
    const s = createSystemSampler({
      log: silentLogger,
      probe: probe({ cpuInfo: async () => (infoCalls++, { model: 'AMD Ryzen 9 7950X 16-Core Processor', cores: 32 }) }),
    });
    await s.start();
    await s.start();
    const sample = await s.sample();
    expect(sample).toEqual({ cpuPct: 25, memUsedBytes: 12 * GiB, memTotalBytes: 64 * GiB, load1: 1.5 });
    expect(systemSampleSchema.safeParse(sample).success).toBe(true);
    expect(s.status()).toMatchObject({ state: 'ok', cpuModel: 'AMD Ryzen 9 7950X 16-Core Processor', cores: 32 });
    expect(infoCalls).toBe(1);
  });

  it('a failing call keeps the last value and flags the source as error; recovery clears it', async () => {
    let memFails = false;
    let used = 12 * GiB;
    const s = createSystemSampler({
      log: silentLogger,
      probe: probe({
        mem: async () => {
          if (memFails) throw new Error('EACCES /proc/meminfo');
          return { active: used, total: 64 * GiB };
        },
      }),
    });
    await s.sample();
    memFails = true;
    used = 30 * GiB;
    const kept = await s.sample();
    expect(kept?.memUsedBytes).toBe(12 * GiB);
    expect(s.status().state).toBe('error');
    expect(s.status().message).toBe('Could not read memory (EACCES /proc/meminfo); showing the last values.');
    memFails = false;
    expect((await s.sample())?.memUsedBytes).toBe(30 * GiB);
    expect(s.status()).toMatchObject({ state: 'ok', message: '' });
  });

  it('no sample until both CPU and memory have been read once', async () => {
    const s = createSystemSampler({ log: silentLogger, probe: probe({ cpuLoadPct: () => Promise.reject(new Error('boom')) }) });
    expect(await s.sample()).toBeNull();
    expect(s.status().state).toBe('error');
  });

  it('the default probe reads this machine', async () => {
    const p = createDefaultSystemProbe();
    const m = await p.mem();
    expect(m.total).toBeGreaterThan(0);
    expect(m.active).toBeGreaterThan(0);
    expect(m.active).toBeLessThanOrEqual(m.total);
    const pct = await p.cpuLoadPct();
    expect(pct).toBeGreaterThanOrEqual(0);
    expect(pct).toBeLessThanOrEqual(100);
  });
});

describe('cpu load meter', () => {
  const times = (user: number, idle: number): os.CpuInfo => ({
    model: 'x',
    speed: 0,
    times: { user, nice: 0, sys: 0, idle, irq: 0 },
  });

  it('is the busy share of ticks since the previous call, over all cores', () => {
    let cpus = [times(100, 900), times(100, 900)];
    const meter = createCpuLoadMeter(() => cpus);
    cpus = [times(175, 925), times(100, 1000)]; // core 0: 75 of 100 busy, core 1: idle
    expect(meter()).toBeCloseTo(37.5);
    expect(meter()).toBe(0); // no ticks elapsed
  });
});
