import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { freePort } from '../../../test-support/free-port';
import { ensureGlobalOpenClaw, type GlobalOpenClaw } from '../../../test-support/real-openclaw/install';
import type { UpgradeRun } from '../../shared/contract/openclaw';
import { createOpenClawCli, type OpenClawCli } from './cli-runner';
import { parseVersionLine } from './cli-schemas';
import { gatewayRunCommand } from './gateway-keeper';
import { probeGateway } from './gateway-probe';
import { createGatewaySupervisor, type GatewaySupervisor } from './gateway-supervisor';
import { createNpmInstaller } from './openclaw-installer';
import { supervisedGateway } from './upgrade-gateway';
import { runRollback } from './upgrade-rollback';
import { runUpgrade, type UpgradeDeps } from './upgrade-wizard';

// Slow (minutes; `npm run test:slow`): the real openclaw@2026.9.5 in an npm global prefix under
// ~/.cache/clawgrid-test (reused), its gateway run and supervised by ClawGrid, upgraded by the wizard to
// 2026.9.6 and rolled back (backup restore + reinstall). CLAWGRID_SLOW_RECORD=<dir> keeps every step's raw output.
const FROM = '2026.9.5';
const TO = '2026.9.6';
const slow = process.env.CLAWGRID_SLOW === '1' && process.platform === 'linux' && process.arch === 'x64';
const MIN = 60_000;

let oc: GlobalOpenClaw;
let fake: FakeOllama;
let cli: OpenClawCli;
let sup: GatewaySupervisor;
let home: string;
let dataDir: string;
let port: number;
let deps: Omit<UpgradeDeps, 'onChange'>;
let upgraded: UpgradeRun;
const timings: Record<string, number> = {};

const version = async () => parseVersionLine((await cli.run(['--version'], { timeoutMs: 60_000 })).stdout)?.version ?? null;
function record(run: UpgradeRun) {
  const dir = process.env.CLAWGRID_SLOW_RECORD;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  for (const s of run.steps) fs.writeFileSync(path.join(dir, `${run.rollbackOf ? 'rollback' : 'upgrade'}-${s.id}.txt`), `${s.command ?? ''}\n${s.output}`);
}
const summary = (run: UpgradeRun) => run.steps.map((s) => `${s.id}:${s.state}:${s.startedAt && s.endedAt ? ((s.endedAt - s.startedAt) / 1000).toFixed(0) : '-'}s`).join(' ');

describe.skipIf(!slow)(`real OpenClaw upgrade ${FROM} → ${TO} and back`, () => {
  beforeAll(async () => {
    let t = Date.now();
    oc = await ensureGlobalOpenClaw(FROM, { log: (l) => console.log(`[openclaw-slow] ${l}`) });
    timings.install = Date.now() - t;
    fake = await startFakeOllama({ loaded: ['llama3.2:3b'] });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-oc-slow-home-'));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-oc-slow-data-'));
    // OpenClaw silences its CLI output when it sees VITEST* (its own test mode): hand it a normal environment.
    const env: Record<string, string | undefined> = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && !k.startsWith('OPENCLAW_')));
    Object.assign(env, { HOME: home, OPENCLAW_SKIP_CHANNELS: '1' });
    cli = createOpenClawCli({ bin: oc.bin, nodeBinDir: oc.nodeBinDir, env });
    port = await freePort();
    const onboard = await cli.run(
      ['onboard', '--non-interactive', '--accept-risk', '--skip-health', '--auth-choice', 'ollama', '--custom-base-url', fake.url, '--custom-model-id', 'llama3.2:3b', '--gateway-port', String(port), '--skip-channels', '--skip-daemon', '--skip-search', '--skip-skills', '--skip-ui', '--json'],
      { timeoutMs: 5 * MIN },
    );
    expect(onboard.code, onboard.stderr).toBe(0);
    const probe = () => probeGateway(port);
    sup = createGatewaySupervisor({ command: () => gatewayRunCommand(cli, port), probe, policy: { startupGraceMs: 10 * MIN } });
    const gateway = supervisedGateway(sup, { probe, waitMs: 10 * MIN });
    t = Date.now();
    const first = await gateway.start();
    timings.firstStart = Date.now() - t;
    expect(first.probe.live, first.detail).toBe(true);
    const nodeVersion = execFileSync(path.join(oc.nodeBinDir, 'node'), ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
    deps = { cli, nodeVersion, stateDir: path.join(home, '.openclaw'), dataDir, probe, gateway, installer: createNpmInstaller(cli) };
  }, 30 * MIN);

  afterAll(async () => {
    console.log(`[openclaw-slow] timings (s): ${Object.entries(timings).map(([k, v]) => `${k}=${(v / 1000).toFixed(0)}`).join(' ')}`);
    await sup?.stop();
    await fake?.close();
    for (const d of [home, dataDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  }, 5 * MIN);

  it('says before it starts that going back means restoring the backup; upgrades with the gateway healthy after', async () => {
    const t = Date.now();
    upgraded = await runUpgrade({ ...deps, onChange: () => {} }, { id: 'slow-up', from: FROM, target: TO, dryRun: false });
    timings.upgrade = Date.now() - t;
    record(upgraded);
    console.log(`[openclaw-slow] upgrade: ${upgraded.state} — ${upgraded.outcome}\n  ${summary(upgraded)}`);
    expect(upgraded.steps.find((s) => s.id === 'rollback-plan')?.detail).toContain('restoring the backup taken before the upgrade');
    expect(upgraded.state, upgraded.outcome).toBe('succeeded');
    expect(upgraded.backupPath && fs.existsSync(upgraded.backupPath)).toBe(true);
    expect(path.dirname(upgraded.backupPath!)).toBe(dataDir);
    expect(await version()).toBe(TO);
    const p = await probeGateway(port);
    expect(p.live).toBe(true);
    expect(p.version).toBe(TO);
    expect(sup.status().phase).toBe('running');
  }, 40 * MIN);

  it('rolls back to the old version: reinstall, backup restored, the gateway runs it', async () => {
    expect(upgraded?.state).toBe('succeeded');
    const t = Date.now();
    const back = await runRollback({ ...deps, onChange: () => {} }, { id: 'slow-back', of: upgraded });
    timings.rollback = Date.now() - t;
    record(back);
    console.log(`[openclaw-slow] rollback: ${back.state} — ${back.outcome}\n  ${summary(back)}`);
    expect(back.state, back.outcome).toBe('rolled-back');
    expect(await version()).toBe(FROM);
    const p = await probeGateway(port);
    expect(p.live).toBe(true);
    expect(p.version).toBe(FROM);
    // The migrated state was put aside, not deleted.
    expect(fs.readdirSync(home).some((n) => n.startsWith('.openclaw.before-rollback-'))).toBe(true);
  }, 30 * MIN);
});
