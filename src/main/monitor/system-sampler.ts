import os from 'node:os';
import si from 'systeminformation';
import type { SourceState, SystemSample } from '../../shared/contract/monitor';
import type { Logger } from '../log/logger';

/** Where CPU/RAM numbers come from; injectable so tests are deterministic and failures can be staged. */
export interface SystemProbe {
  /** Busy share of all cores since the previous call, 0–100. */
  cpuLoadPct(): Promise<number>;
  /** Bytes: `active` is what programs hold (total − available), the figure users compare with RAM. */
  mem(): Promise<{ active: number; total: number }>;
  cpuInfo(): Promise<{ model: string; cores: number }>;
  load1(): number;
}

/**
 * CPU load from os.cpus() tick deltas — the same arithmetic as systeminformation's currentLoad(),
 * which on Linux also runs a blocking `execSync('cat /proc/stat | grep cpu')` on every call
 * (measured ~3 ms blocked and ~2.4 ms CPU per call: a quarter of the monitor's 1 % budget).
 */
export function createCpuLoadMeter(cpus: () => os.CpuInfo[] = os.cpus): () => number {
  const totals = () => {
    let busy = 0;
    let all = 0;
    for (const { times } of cpus()) {
      const b = times.user + times.nice + times.sys + times.irq;
      busy += b;
      all += b + times.idle;
    }
    return { busy, all };
  };
  let prev = totals();
  return () => {
    const cur = totals();
    const dAll = cur.all - prev.all;
    const pct = dAll > 0 ? ((cur.busy - prev.busy) / dAll) * 100 : 0;
    prev = cur;
    return Math.min(100, Math.max(0, pct));
  };
}

/**
 * The real machine: os.cpus() deltas for load, systeminformation for memory and the CPU model.
 * si.mem() reads /proc/meminfo on Linux but spawns vm_stat/sysctl (macOS) or PowerShell (Windows),
 * so off Linux it is refreshed at most every `memRefreshMs` and the last value reused in between.
 */
export function createDefaultSystemProbe(memRefreshMs = process.platform === 'linux' ? 0 : 5000): SystemProbe {
  const load = createCpuLoadMeter();
  let memCache: { at: number; value: Promise<{ active: number; total: number }> } | undefined;
  return {
    cpuLoadPct: async () => load(),
    mem: () => {
      if (!memCache || performance.now() - memCache.at >= memRefreshMs) {
        const value = si.mem().then((m) => ({ active: m.active, total: m.total }));
        memCache = { at: performance.now(), value };
        value.catch(() => (memCache = undefined)); // a failure is retried on the next tick
      }
      return memCache.value;
    },
    cpuInfo: async () => {
      const c = await si.cpu();
      return { model: `${c.manufacturer} ${c.brand}`.trim(), cores: c.cores };
    },
    load1: () => os.loadavg()[0] ?? 0,
  };
}

/** What the dashboard shows about the host besides the numbers. */
export interface SystemStatus {
  state: SourceState;
  message: string;
  cpuModel: string;
  cores: number;
}

/** Samples CPU and RAM on demand; a failing call keeps its last value and flags the source. */
export interface SystemSampler {
  /** Reads the CPU model once; safe to call again. */
  start(): Promise<void>;
  sample(): Promise<SystemSample | null>;
  latest(): SystemSample | null;
  status(): SystemStatus;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 200);

/** Creates the sampler over `probe` (the real machine unless a test passes one). */
export function createSystemSampler(opts: { log: Logger; probe?: SystemProbe }): SystemSampler {
  const probe = opts.probe ?? createDefaultSystemProbe();
  const fallbackModel = os.cpus()[0]?.model.trim() ?? '';
  const status: SystemStatus = {
    state: 'starting',
    message: 'Reading CPU and memory…',
    cpuModel: fallbackModel,
    cores: os.availableParallelism(),
  };
  let cpuPct: number | null = null;
  let mem: { active: number; total: number } | null = null;
  let latest: SystemSample | null = null;
  let infoRead = false;

  return {
    async start() {
      if (infoRead) return;
      infoRead = true;
      try {
        const info = await probe.cpuInfo();
        if (info.model) status.cpuModel = info.model;
        if (Number.isInteger(info.cores) && info.cores > 0) status.cores = info.cores;
      } catch (e) {
        opts.log.debug('system.cpu_info_failed', { message: errorText(e) });
      }
    },
    async sample() {
      const [cpu, m] = await Promise.allSettled([probe.cpuLoadPct(), probe.mem()]);
      const failed: string[] = [];
      if (cpu.status === 'fulfilled' && Number.isFinite(cpu.value)) cpuPct = cpu.value;
      else failed.push(`CPU load (${cpu.status === 'rejected' ? errorText(cpu.reason) : 'not a number'})`);
      if (m.status === 'fulfilled') mem = m.value;
      else failed.push(`memory (${errorText(m.reason)})`);
      let load1 = latest?.load1 ?? 0;
      try {
        load1 = probe.load1();
      } catch (e) {
        failed.push(`load average (${errorText(e)})`);
      }
      if (cpuPct !== null && mem !== null) {
        latest = { cpuPct, memUsedBytes: mem.active, memTotalBytes: mem.total, load1 };
      }
      const next: SourceState = failed.length > 0 ? 'error' : 'ok';
      const kept = latest ? '; showing the last values' : '';
      const message = failed.length > 0 ? `Could not read ${failed.join(', ')}${kept}.` : '';
      if (next !== status.state || message !== status.message) {
        opts.log[next === 'error' ? 'warn' : 'info']('system.state', { state: next, message });
      }
      status.state = next;
      status.message = message;
      return latest;
    },
    latest: () => latest,
    status: () => ({ ...status }),
  };
}
