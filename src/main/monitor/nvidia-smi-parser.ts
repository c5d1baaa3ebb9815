import type { GpuSample } from '../../shared/contract/monitor';

/** Columns of the long-lived `--query-gpu` loop; the parser depends on this exact order. */
export const GPU_QUERY_FIELDS = [
  'index',
  'uuid',
  'name',
  'utilization.gpu',
  'utilization.memory',
  'memory.used',
  'memory.total',
  'temperature.gpu',
  'power.draw',
  'power.limit',
  'clocks.sm',
] as const;

/** Columns of the slow compute-apps poll (which processes hold GPU memory). */
export const COMPUTE_APPS_QUERY_FIELDS = ['gpu_uuid', 'pid', 'process_name', 'used_memory'] as const;

/** Columns of the one-off MIG probe: MIG GPUs report no per-GPU utilization. */
export const MIG_QUERY_FIELDS = ['index', 'mig.mode.current'] as const;

/** argv for the long-lived sampler: one CSV line per GPU every `loopMs`. */
export function gpuLoopArgs(loopMs: number): string[] {
  return [`--query-gpu=${GPU_QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits', '-lms', String(loopMs)];
}

/** argv for the compute-apps poll. */
export function computeAppsArgs(): string[] {
  return [`--query-compute-apps=${COMPUTE_APPS_QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits'];
}

/** argv for the MIG probe. */
export function migProbeArgs(): string[] {
  return [`--query-gpu=${MIG_QUERY_FIELDS.join(',')}`, '--format=csv,noheader'];
}

/** A process holding GPU memory, with the GPU it runs on (the contract drops the uuid). */
export interface ComputeApp {
  gpuUuid: string;
  pid: number;
  name: string;
  usedMemMiB: number | null;
}

const NOT_A_VALUE = new Set(['', 'n/a', 'err!']);

/**
 * One nvidia-smi value: number, or null when the device does not report it
 * (`[N/A]`, `[Not Supported]`, `[Unknown Error]`, `[Insufficient Permissions]`, `N/A`, empty).
 * Returns undefined for text that is neither, so the caller can reject the line.
 */
export function parseMetric(raw: string): number | null | undefined {
  const v = raw.trim();
  if (NOT_A_VALUE.has(v.toLowerCase()) || (v.startsWith('[') && v.endsWith(']'))) return null;
  // nounits drops units, but be tolerant of "182.34 W" / "58 %" / "2520 MHz" from a --format without it.
  const m = /^(-?\d+(?:\.\d+)?)(?:\s*(?:%|W|MiB|MHz|C))?$/.exec(v);
  if (!m || m[1] === undefined) return undefined;
  const n = Number(m[1]);
  return Number.isFinite(n) ? n : undefined;
}

function splitCsv(line: string): string[] {
  return line.split(',').map((f) => f.trim());
}

/** Parses one `--query-gpu` line (fields in GPU_QUERY_FIELDS order); null when it is not one. */
export function parseGpuLine(line: string, migIndices: ReadonlySet<number> = new Set()): GpuSample | null {
  const f = splitCsv(line);
  if (f.length !== GPU_QUERY_FIELDS.length) return null;
  const [indexRaw, uuid, name, ...rest] = f as [string, string, string, ...string[]];
  if (!/^\d+$/.test(indexRaw) || !uuid.startsWith('GPU-') || name === '') return null;
  const nums: (number | null)[] = [];
  for (const raw of rest) {
    const n = parseMetric(raw);
    if (n === undefined) return null;
    nums.push(n);
  }
  const [utilGpuPct, utilMemPct, memUsedMiB, memTotalMiB, tempC, powerW, powerLimitW, smClockMHz] = nums as [
    number | null, number | null, number | null, number | null, number | null, number | null, number | null, number | null,
  ];
  const index = Number(indexRaw);
  return {
    index,
    uuid,
    name,
    utilGpuPct,
    utilMemPct,
    memUsedMiB,
    memTotalMiB,
    tempC,
    powerW,
    powerLimitW,
    smClockMHz,
    mig: migIndices.has(index),
  };
}

/** Parses one MIG probe line ("0, Enabled"); mig is null when the GPU cannot do MIG ("[N/A]"). */
export function parseMigModeLine(line: string): { index: number; mig: boolean | null } | null {
  const f = splitCsv(line);
  if (f.length !== 2 || !/^\d+$/.test(f[0] ?? '')) return null;
  const mode = (f[1] ?? '').toLowerCase();
  if (mode === 'enabled') return { index: Number(f[0]), mig: true };
  if (mode === 'disabled') return { index: Number(f[0]), mig: false };
  if (parseMetric(f[1] ?? '') === null) return { index: Number(f[0]), mig: null };
  return null;
}

/** The indices of GPUs in MIG mode, from the whole MIG probe output. */
export function parseMigModes(stdout: string): Set<number> {
  const out = new Set<number>();
  for (const line of stdout.split(/\r?\n/)) {
    const r = parseMigModeLine(line);
    if (r?.mig) out.add(r.index);
  }
  return out;
}

/** The executable's file name without directories (and without ".exe"), as the dashboard shows it. */
export function processBaseName(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/\.exe$/i, '') || path;
}

/** Parses one `--query-compute-apps` line; null for "No running processes found" and malformed lines. */
export function parseComputeAppLine(line: string): ComputeApp | null {
  const f = splitCsv(line);
  if (f.length < COMPUTE_APPS_QUERY_FIELDS.length) return null;
  // A path may contain commas ("C:\\Apps, Inc\\x.exe"): everything between pid and memory is the name.
  const [gpuUuid, pidRaw] = f as [string, string];
  const memRaw = f[f.length - 1] ?? '';
  const processName = f.slice(2, -1).join(', ');
  if (!gpuUuid.startsWith('GPU-') || !/^\d+$/.test(pidRaw)) return null;
  const usedMemMiB = parseMetric(memRaw);
  if (usedMemMiB === undefined) return null;
  return { gpuUuid, pid: Number(pidRaw), name: processBaseName(processName), usedMemMiB };
}

/** Parses the whole compute-apps output; an idle GPU yields an empty list. */
export function parseComputeApps(stdout: string): ComputeApp[] {
  const out: ComputeApp[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const app = parseComputeAppLine(line);
    if (app) out.push(app);
  }
  return out;
}
