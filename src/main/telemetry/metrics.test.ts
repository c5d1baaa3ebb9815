import { describe, expect, it } from 'vitest';
import type { GpuSample } from '../../shared/contract/monitor';
import type { RequestLogEntry } from '../../shared/contract/routing';
import { parsePromText, sumOf } from '../../../test-support/prom-text';
import { createClawgridMetrics, METRIC_NAMES } from './metrics';

const entry = (over: Partial<RequestLogEntry>): RequestLogEntry => ({
  id: 'r', at: 1, agentId: 'a1', agentName: 'A', endpoint: 'chat', model: 'm', strategy: 'local', reasons: [], explanation: '', backend: 'local', status: 'ok',
  httpStatus: 200, error: null, promptTokens: 3, evalTokens: 5, ttftMs: 40, durationMs: 90, tokensPerSecond: null, costAit: '0', overheadMs: 0.1, jobId: null, ...over,
});
const gpu = (index: number, util: number | null, usedMiB: number | null): GpuSample => ({
  index, uuid: `GPU-${index}`, name: 'RTX', utilGpuPct: util, utilMemPct: null, memUsedMiB: usedMiB, memTotalMiB: 24576, tempC: null, powerW: null, powerLimitW: null, smClockMHz: null, mig: false,
});

describe('ClawGrid metrics', () => {
  it('counts requests, tokens, spend and TTFT per label set, and exposes every named family', async () => {
    const m = createClawgridMetrics(async () => [{ agentId: 'a2', remainingAit: '7.25' }]);
    m.observe(entry({}));
    m.observe(entry({ id: 'r2' }));
    m.observe(entry({ id: 'r3', agentId: 'a2', strategy: 'network', backend: 'network:miner-1', costAit: '0.1', promptTokens: 10, evalTokens: 0, ttftMs: 700 }));
    m.observe(entry({ id: 'r4', agentId: 'a2', strategy: 'network', backend: 'network:miner-1', costAit: '0.2', promptTokens: 0, evalTokens: 4, ttftMs: 900 }));
    m.observe(entry({ id: 'r5', strategy: 'none', backend: null, status: 'error', httpStatus: 429, promptTokens: 0, evalTokens: 0, ttftMs: null }));
    m.gpus([gpu(0, 55, 1024), gpu(1, null, null)]);
    const f = parsePromText(await m.scrape());
    for (const name of METRIC_NAMES) expect(f.has(name), name).toBe(true);
    expect(sumOf(f, 'clawgrid_requests_total', { agent: 'a1', backend: 'local', decision: 'local', status: 'ok' })).toBe(2);
    expect(sumOf(f, 'clawgrid_requests_total', { agent: 'a1', backend: 'none', decision: 'none', status: 'error' })).toBe(1);
    expect(sumOf(f, 'clawgrid_requests_total')).toBe(5);
    expect(sumOf(f, 'clawgrid_tokens_total', { agent: 'a1', direction: 'input' })).toBe(6);
    expect(sumOf(f, 'clawgrid_tokens_total', { agent: 'a2', backend: 'network:miner-1', direction: 'output' })).toBe(4);
    // 0.1 + 0.2 summed exactly (a float sum would expose 0.30000000000000004).
    expect(f.get('clawgrid_spend_ait_total')!.samples).toEqual([{ name: 'clawgrid_spend_ait_total', labels: { agent: 'a2' }, value: 0.3 }]);
    expect(f.get('clawgrid_budget_remaining_ait')!.samples).toEqual([{ name: 'clawgrid_budget_remaining_ait', labels: { agent: 'a2' }, value: 7.25 }]);
    expect(f.get('clawgrid_ttft_seconds')!.type).toBe('histogram');
    expect(sumOf(f, 'clawgrid_ttft_seconds', { backend: 'local' }, 'clawgrid_ttft_seconds_count')).toBe(2);
    expect(sumOf(f, 'clawgrid_ttft_seconds', { backend: 'network:miner-1', le: '0.5' }, 'clawgrid_ttft_seconds_bucket')).toBe(0);
    expect(sumOf(f, 'clawgrid_ttft_seconds', { backend: 'network:miner-1', le: '1' }, 'clawgrid_ttft_seconds_bucket')).toBe(2);
    expect(f.get('clawgrid_gpu_utilization_ratio')!.samples).toEqual([{ name: 'clawgrid_gpu_utilization_ratio', labels: { gpu: '0' }, value: 0.55 }]);
    expect(f.get('clawgrid_gpu_memory_used_bytes')!.samples).toEqual([{ name: 'clawgrid_gpu_memory_used_bytes', labels: { gpu: '0' }, value: 1024 * 1024 * 1024 }]);
  });

  it('uses its own registry: two instances do not share counts', async () => {
    const a = createClawgridMetrics();
    const b = createClawgridMetrics();
    a.observe(entry({}));
    expect(sumOf(parsePromText(await b.scrape()), 'clawgrid_requests_total')).toBe(0);
  });
});

describe('the strict exposition parser', () => {
  it('refuses what Prometheus would refuse', () => {
    expect(() => parsePromText('x 1\n')).toThrow(/without a TYPE/);
    expect(() => parsePromText('# TYPE x counter\nx{a="1",a="2"} 1\n')).toThrow(/duplicate label/);
    expect(() => parsePromText('# TYPE x counter\nx{a="\\q"} 1\n')).toThrow(/bad escape/);
    expect(() => parsePromText('# TYPE x counter\nx 1\nx 2\n')).toThrow(/duplicate series/);
    expect(() => parsePromText('# TYPE x counter\nx one\n')).toThrow(/bad value/);
    expect(() => parsePromText('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n')).toThrow(/cumulative/);
    expect(() => parsePromText('# TYPE x counter\nx 1')).toThrow(/newline/);
  });
  it('reads escapes and special values', () => {
    const f = parsePromText('# HELP g a gauge\n# TYPE g gauge\ng{p="a\\"b\\\\c\\nd"} +Inf\n');
    expect(f.get('g')!.samples[0]).toEqual({ name: 'g', labels: { p: 'a"b\\c\nd' }, value: Infinity });
  });
});
