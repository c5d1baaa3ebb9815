import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePromText } from '../../../test-support/prom-text';
import { createClawgridMetrics, METRIC_NAMES } from './metrics';

interface Panel {
  id: number;
  title: string;
  targets: { expr: string }[];
}
const dashboard = JSON.parse(fs.readFileSync(new URL('../../../resources/grafana/clawgrid-dashboard.json', import.meta.url), 'utf8')) as {
  panels: Panel[];
  templating: { list: { query: { query: string } }[] };
};

/** What a real scrape exposes: every family with the label names its series carry. */
async function exposed(): Promise<Map<string, Set<string>>> {
  const m = createClawgridMetrics(async () => [{ agentId: 'a', remainingAit: '1' }]);
  m.observe({
    id: 'r', at: 1, agentId: 'a', agentName: 'a', endpoint: 'chat', model: 'm', strategy: 'network', reasons: [], explanation: '', backend: 'network', status: 'ok',
    httpStatus: 200, error: null, promptTokens: 1, evalTokens: 1, ttftMs: 10, durationMs: 20, tokensPerSecond: null, costAit: '0.5', overheadMs: 0, jobId: 'j',
  });
  m.gpus([{ index: 0, uuid: 'GPU-0', name: 'g', utilGpuPct: 10, utilMemPct: 1, memUsedMiB: 1, memTotalMiB: 2, tempC: null, powerW: null, powerLimitW: null, smClockMHz: null, mig: false }]);
  const out = new Map<string, Set<string>>();
  for (const [name, f] of parsePromText(await m.scrape())) {
    for (const s of f.samples) {
      const labels = out.get(s.name) ?? new Set<string>();
      for (const l of Object.keys(s.labels)) labels.add(l);
      out.set(s.name, labels);
    }
    if (!out.has(name)) out.set(name, new Set());
  }
  return out;
}

const queries = () => [...dashboard.panels.flatMap((p) => p.targets.map((t) => ({ panel: p.title, expr: t.expr }))), ...dashboard.templating.list.map((v) => ({ panel: 'variable', expr: v.query.query }))];

describe('the Grafana dashboard in resources/', () => {
  it('queries only metrics ClawGrid exposes, with labels those series carry', async () => {
    const series = await exposed();
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const { panel, expr } of queries()) {
      const names = expr.match(/\bclawgrid_[a-z_]+/g) ?? [];
      expect(names.length, `${panel}: ${expr}`).toBeGreaterThan(0);
      for (const n of names) expect(series.has(n), `${panel}: ${n}`).toBe(true);
      // Labels in selectors ({agent=~"…"}) and in by (…) clauses must exist on the series they are applied to.
      const labels = new Set(names.flatMap((n) => [...series.get(n)!]));
      const used = [...expr.matchAll(/\{([^}]*)\}/g)].flatMap((m) => [...m[1]!.matchAll(/([a-z_]+)\s*[=!]~?/g)].map((x) => x[1]!));
      const grouped = [...expr.matchAll(/\bby\s*\(([^)]*)\)/g)].flatMap((m) => m[1]!.split(',').map((s) => s.trim()));
      for (const l of [...used, ...grouped]) expect(labels.has(l), `${panel}: label ${l} on ${names.join(', ')}`).toBe(true);
    }
  });

  it('has a panel for every metric ClawGrid exposes', () => {
    const all = queries().map((q) => q.expr).join('\n');
    for (const name of METRIC_NAMES) expect(all, name).toMatch(new RegExp(`\\b${name}(_bucket|_sum|_count)?\\b`));
  });
});
