/**
 * Parser tests against fixtures in ./fixtures. There is no NVIDIA GPU on the build machine to record
 * from, so the fixtures are hand-assembled in nvidia-smi's exact CSV format
 * (`--format=csv,noheader,nounits`: ", "-separated, `[N/A]` / `[Not Supported]` for unreported values,
 * one line per GPU in index order) from the query fields in GPU_QUERY_FIELDS / COMPUTE_APPS_QUERY_FIELDS.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gpuSampleSchema } from '../../shared/contract/monitor';
import {
  GPU_QUERY_FIELDS,
  gpuLoopArgs,
  parseComputeAppLine,
  parseComputeApps,
  parseGpuLine,
  parseMetric,
  parseMigModes,
  processBaseName,
} from './nvidia-smi-parser';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const lines = (name: string) => fixture(name).split('\n').filter((l) => l !== '');

describe('parseMetric', () => {
  it('maps every "not reported" form to null, never 0', () => {
    for (const v of ['[N/A]', '[Not Supported]', 'N/A', '[Unknown Error]', '[Insufficient Permissions]', '', '  ', 'ERR!']) {
      expect(parseMetric(v)).toBeNull();
    }
  });
  it('reads integers and floats', () => {
    expect(parseMetric('37')).toBe(37);
    expect(parseMetric(' 182.34 ')).toBe(182.34);
    expect(parseMetric('0')).toBe(0);
  });
  it('rejects text that is not a value', () => {
    expect(parseMetric('abc')).toBeUndefined();
    expect(parseMetric('12abc')).toBeUndefined();
  });
});

describe('parseGpuLine', () => {
  it('reads a single RTX 4090 line', () => {
    const [line] = lines('gpu-rtx4090-single.txt');
    const s = parseGpuLine(line ?? '');
    expect(s).toEqual({
      index: 0,
      uuid: 'GPU-5c6b3a0e-3f0e-8a5e-7c53-0b9a5ad1b2f4',
      name: 'NVIDIA GeForce RTX 4090',
      utilGpuPct: 37,
      utilMemPct: 12,
      memUsedMiB: 22617,
      memTotalMiB: 24564,
      tempC: 58,
      powerW: 182.34,
      powerLimitW: 450,
      smClockMHz: 2520,
      mig: false,
    });
    expect(gpuSampleSchema.safeParse(s).success).toBe(true);
  });

  it('reads two GPUs, each with its own index and values', () => {
    const s = lines('gpu-two-gpus.txt').map((l) => parseGpuLine(l));
    expect(s.map((g) => g?.index)).toEqual([0, 1]);
    expect(s[0]?.utilGpuPct).toBe(98);
    expect(s[1]?.utilGpuPct).toBe(0);
    expect(s[1]?.memUsedMiB).toBe(3);
    expect(s[0]?.uuid).not.toBe(s[1]?.uuid);
  });

  it('marks the MIG GPU from the MIG probe and keeps its [N/A] utilization as null', () => {
    const mig = parseMigModes(fixture('mig-mode-a100.txt'));
    expect([...mig]).toEqual([0]);
    const [a, b] = lines('gpu-a100-mig.txt').map((l) => parseGpuLine(l, mig));
    expect(a).toMatchObject({ index: 0, mig: true, utilGpuPct: null, utilMemPct: null, memUsedMiB: 19742, memTotalMiB: 81920 });
    expect(b).toMatchObject({ index: 1, mig: false, utilGpuPct: 63, utilMemPct: 29 });
  });

  it('a consumer GPU that cannot do MIG ([N/A] mode) is not MIG', () => {
    expect(parseMigModes(fixture('mig-mode-consumer.txt')).size).toBe(0);
  });

  it('keeps a laptop GPU whose power is [Not Supported] / [N/A] with null power, other values intact', () => {
    const [line] = lines('gpu-laptop-not-supported.txt');
    const s = parseGpuLine(line ?? '');
    expect(s).toMatchObject({ name: 'NVIDIA GeForce RTX 3060 Laptop GPU', powerW: null, powerLimitW: null, tempC: 47, smClockMHz: 1282 });
    expect(gpuSampleSchema.safeParse(s).success).toBe(true);
  });

  it('returns null for every malformed line (driver errors, header, truncated, extra or bad fields)', () => {
    const bad = fixture('gpu-malformed.txt').split('\n');
    expect(bad.length).toBeGreaterThan(8);
    for (const l of bad) expect(parseGpuLine(l), l).toBeNull();
  });

  it('tolerates CRLF line endings (Windows nvidia-smi)', () => {
    const [line] = lines('gpu-rtx4090-single.txt');
    expect(parseGpuLine(`${line}\r`)?.smClockMHz).toBe(2520);
  });

  it('asks nvidia-smi for exactly the columns it parses', () => {
    expect(gpuLoopArgs(1000)).toEqual([
      `--query-gpu=${GPU_QUERY_FIELDS.join(',')}`,
      '--format=csv,noheader,nounits',
      '-lms',
      '1000',
    ]);
    expect(GPU_QUERY_FIELDS).toHaveLength(11);
  });
});

describe('compute apps', () => {
  it('keeps the executable basename: ollama holding 22630 MiB', () => {
    const apps = parseComputeApps(fixture('apps-ollama.txt'));
    expect(apps).toEqual([
      { gpuUuid: 'GPU-5c6b3a0e-3f0e-8a5e-7c53-0b9a5ad1b2f4', pid: 2143, name: 'ollama', usedMemMiB: 22630 },
      { gpuUuid: 'GPU-5c6b3a0e-3f0e-8a5e-7c53-0b9a5ad1b2f4', pid: 18807, name: 'python3', usedMemMiB: 1204 },
    ]);
  });

  it('"No running processes found" is an empty list', () => {
    expect(parseComputeApps(fixture('apps-none.txt'))).toEqual([]);
    expect(parseComputeApps('')).toEqual([]);
  });

  it('Windows (WDDM): backslash paths, ".exe" dropped, [N/A] memory is null', () => {
    const apps = parseComputeApps(fixture('apps-windows-wddm.txt'));
    expect(apps[0]).toMatchObject({ pid: 11244, name: 'ollama', usedMemMiB: null });
    expect(apps[1]).toMatchObject({ pid: 9312, name: '[Insufficient Permissions]', usedMemMiB: null });
  });

  it('rejects malformed lines', () => {
    expect(parseComputeAppLine('GPU-5c6b3a0e, notapid, /usr/bin/x, 12')).toBeNull();
    expect(parseComputeAppLine('GPU-5c6b3a0e, 12')).toBeNull();
    expect(parseComputeAppLine('GPU-5c6b3a0e, 12, /usr/bin/x, lots')).toBeNull();
  });

  it('a path with a comma keeps its whole name', () => {
    expect(parseComputeAppLine('GPU-1, 7, /opt/a, b/run, 5')).toMatchObject({ pid: 7, name: 'run', usedMemMiB: 5 });
    expect(processBaseName('/usr/local/bin/ollama')).toBe('ollama');
  });
});
