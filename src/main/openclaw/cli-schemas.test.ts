import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseCliJson } from './cli-json';
import type { CliResult } from './cli-runner';
import {
  agentRunSchema,
  agentsListSchema,
  backupSchema,
  configSetSchema,
  doctorPostUpgradeSchema,
  gatewayAgentsListSchema,
  gatewaySessionsListSchema,
  gatewayStatusSchema,
  gatewayUsageCostSchema,
  healthSchema,
  parseVersionLine,
  readyzSchema,
  startupzSchema,
  statusSchema,
  updateResultSchema,
  updateStatusSchema,
} from './cli-schemas';
import { updateVerdict } from './upgrade-result';
import { joinAgents } from './agent-health';

// Every fixture was recorded from the real openclaw@2026.9.6 CLI (Node 24.21) in a private HOME.
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const result = (stdout: string, code = 0): CliResult => ({ code, stdout, stderr: '', timedOut: false, error: null, durationMs: 1, commandLine: 'openclaw test' });
function parse<S extends z.ZodType>(name: string, schema: S, code = 0): z.output<S> {
  const r = parseCliJson(result(fixture(name), code), schema);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('OpenClaw CLI outputs (recorded from 2026.9.6)', () => {
  it('reads the version line', () => {
    expect(parseVersionLine(fixture('version.txt'))).toEqual({ version: '2026.9.6', build: 'eb377ac' });
    expect(parseVersionLine('node: command not found')).toBeNull();
  });

  it('reads agents and their models from the gateway and from `agents list`', () => {
    const gw = parse('gw-agents-list.json', gatewayAgentsListSchema);
    expect(gw.defaultId).toBe('main');
    expect(gw.agents[0]).toMatchObject({ id: 'main', model: { primary: 'ollama/qwen3:8b' } });
    expect(parse('agents-list.json', agentsListSchema)[0]).toMatchObject({ id: 'main', model: 'ollama/qwen3:8b', isDefault: true });
  });

  it('joins sessions (tokens, last activity) with ClawGrid metering per agent', () => {
    const sessions = parse('gw-sessions-list2.json', gatewaySessionsListSchema);
    const rows = joinAgents([{ id: 'main', name: 'main', model: 'clawgrid/qwen3:8b' }], sessions, {
      perAgent: () => [{ clawgridAgentId: 'openclaw-main', requests: 2, costAit: '0.0042', backends: [{ backend: 'network', requests: 2 }], failuresInARow: 0 }],
    }, new Map([['main', 'openclaw-main']]));
    expect(rows[0]).toMatchObject({ sessions: 1, inputTokens: 100, outputTokens: 5, lastActivityAt: 1795353186328, costAit: '0.0042', onClawGrid: true });
  });

  it('reads usage.cost (OpenClaw reports $0 for Ollama-API providers)', () => {
    const cost = parse('gw-usage-cost2.json', gatewayUsageCostSchema);
    expect(cost.days).toBe(2);
    expect(cost.totals?.totalCost).toBe(0);
  });

  it('reads health, and the no-gateway error as a message', () => {
    expect(parse('health.json', healthSchema)).toMatchObject({ ok: true, defaultAgentId: 'main' });
    const down = parseCliJson(result(fixture('health-nogw.json'), 1), healthSchema);
    expect(down.ok && down.value.ok).toBe(false);
  });

  it('reads update status, the dry-run refusal reason, doctor and backup', () => {
    const st = parse('update-status.json', updateStatusSchema);
    expect(st.channel.value).toBe('stable');
    expect(st.update.registry?.latestVersion).toBe('2026.9.6');
    const dry = parse('update-dry.json', updateResultSchema);
    expect(updateVerdict(dry, { dryRun: true, exitCode: 0 })).toMatchObject({ ok: false, refusal: 'container-image-install' });
    expect(parse('doctor-post.json', doctorPostUpgradeSchema).findings).toEqual([]);
    expect(parse('backup-dry.json', backupSchema).dryRun).toBe(true);
  });

  it('reads gateway status versions and the HTTP probes', () => {
    const gs = parse('gw-status.json', gatewayStatusSchema);
    expect(gs.cli.version).toBe('2026.9.6');
    expect(gs.rpc?.version).toBe('2026.9.6');
    expect(gs.service?.loaded).toBe(false);
    expect(readyzSchema.parse(JSON.parse(fixture('readyz.json'))).ready).toBe(true);
    expect(startupzSchema.parse(JSON.parse(fixture('startupz.json'))).version).toBe('2026.9.6');
    expect(parse('status-pre.json', statusSchema).gateway?.reachable).toBe(false);
  });

  it('reads config set dry runs, including a refused model reference', () => {
    expect(parse('cfg-set-dry-json.json', configSetSchema).ok).toBe(true);
    const refused = parseCliJson(result(fixture('cfg-set-agent-model-dry.json'), 1), configSetSchema);
    expect(refused.ok && refused.value.errors?.[0]?.message).toContain('Unable to resolve authored model reference');
    const unset = parseCliJson(result(fixture('cfg-get-missing.json'), 1), configSetSchema.pick({ errors: true }).strict());
    expect(unset.ok).toBe(false);
    expect(!unset.ok && unset.message).toContain('Config path is valid but unset');
  });

  it('reads agent replies, local and via the gateway', () => {
    const local = parse('agent-local.json', agentRunSchema);
    const gw = parse('agent-gw.json', agentRunSchema);
    expect(local).toEqual({ texts: ['hello from stub'], provider: 'clawgrid' });
    expect(gw).toEqual({ texts: ['hello from stub'], provider: 'clawgrid' });
  });

  it('turns a CLI that printed no JSON into a readable error', () => {
    const r = parseCliJson({ ...result('', 1), stderr: 'node:sqlite is unavailable; use 24.16+/26.1+' }, healthSchema);
    expect(r).toEqual({ ok: false, message: 'openclaw test exited 1 without JSON: node:sqlite is unavailable; use 24.16+/26.1+' });
  });
});
