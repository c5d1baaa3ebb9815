import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenClaw, type FakeOpenClaw, type FakeState } from '../../../test-support/fake-openclaw/fake-openclaw';
import type { UpgradeRun } from '../../shared/contract/openclaw';
import { createOpenClawCli } from './cli-runner';
import { probeGateway } from './gateway-probe';
import type { OpenClawInstaller } from './openclaw-installer';
import { serviceGateway } from './upgrade-gateway';
import { runRollback } from './upgrade-rollback';
import { runUpgrade } from './upgrade-wizard';

let fake: FakeOpenClaw | null = null;
const reset = async () => {
  await fake?.close();
  fake = null;
};
afterEach(reset);

async function wizard(init: Partial<FakeState>, opts: { dryRun?: boolean; nodeVersion?: string } = {}) {
  fake = await startFakeOpenClaw(init);
  const f = fake;
  const updates: UpgradeRun[] = [];
  const cli = createOpenClawCli({ bin: f.bin, nodeBinDir: f.nodeBinDir, env: f.env });
  const probe = () => probeGateway(f.port);
  const dataDir = path.join(f.env.HOME!, 'clawgrid-data');
  // The real installer runs `npm install -g --prefix`; against the fake, its stand-in sets the version.
  const installer: OpenClawInstaller = { prefix: '/fake/prefix', install: (v) => cli.run(['__install', v]) };
  const deps = {
    cli,
    nodeVersion: opts.nodeVersion ?? '24.21.0',
    stateDir: path.join(f.env.HOME!, '.openclaw'),
    dataDir,
    probe,
    gateway: serviceGateway(cli, { probe, waitMs: 5000, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 100))) }),
    installer,
    onChange: (r: UpgradeRun) => updates.push(r),
    freeBytes: () => 50 * 1024 ** 3,
  };
  const run = await runUpgrade(deps, { id: 'run-1', from: '2026.9.4', target: '2026.9.6', dryRun: opts.dryRun ?? false });
  const step = (id: string) => run.steps.find((s) => s.id === id);
  const schema = () => fs.readFileSync(path.join(deps.stateDir, 'state-schema'), 'utf8');
  return { run, updates, state: f.state(), step, deps, dataDir, schema };
}

describe('upgrade wizard against a scripted openclaw', () => {
  it('succeeds: says how going back works, backs up into the data dir, stops the gateway, updates, starts it, verifies', async () => {
    const { run, updates, state, step, dataDir } = await wizard({ scenario: 'success' });
    expect(run.state).toBe('succeeded');
    expect(run.outcome).toContain('2026.9.6 is installed and the gateway is running it');
    expect(run.gatewayRunning).toBe(true);
    expect(state.version).toBe('2026.9.6');
    // Said before anything changed: the plan is a preflight step, ahead of the backup.
    expect(run.steps.findIndex((s) => s.id === 'rollback-plan')).toBeLessThan(run.steps.findIndex((s) => s.id === 'backup'));
    expect(run.rollbackPlan).toContain('restoring the backup taken before the upgrade');
    expect(run.backupPath).toBe(path.join(dataDir, 'fake-openclaw-backup.tar.gz'));
    expect(state.calls).toContain('update --tag 2026.9.6 --dry-run --json');
    expect(state.gatewayAtApply).toBe('stopped');
    expect(state.calls.indexOf('gateway stop')).toBeLessThan(state.calls.indexOf('update --tag 2026.9.6 --yes --no-restart --json'));
    expect(state.calls).toContain('gateway start');
    expect(step('version')?.detail).toBe('CLI and gateway both report 2026.9.6.');
    // Streamed: the UI saw the apply step running before it finished, with its raw output attached.
    expect(updates.some((u) => u.steps.find((s) => s.id === 'apply')?.state === 'running')).toBe(true);
    expect(step('apply')?.output).toContain('"status": "succeeded"');
  });

  it('then rolls back on request: restores the backup (on the newer CLI: the older refuses migrated state), reinstalls the old version, starts the gateway', async () => {
    const { run, deps, schema } = await wizard({ scenario: 'success' });
    expect(schema()).toBe('18');
    const back = await runRollback(deps, { id: 'back-1', of: run });
    expect(back.state).toBe('rolled-back');
    expect(back.rollbackOf).toBe('run-1');
    const st = fake!.state();
    expect(st.version).toBe('2026.9.4');
    expect(st.gatewayVersion).toBe('2026.9.4');
    expect(st.gateway).toBe('running');
    expect(schema()).toBe('17');
    expect(back.steps.map((s) => [s.id, s.state])).toEqual([
      ['rollback-stop', 'ok'],
      ['rollback-restore', 'ok'],
      ['rollback-install', 'ok'],
      ['rollback-start', 'ok'],
    ]);
    // What the new version had migrated is kept aside, not deleted.
    expect(fs.readdirSync(path.dirname(deps.stateDir)).some((n) => n.startsWith('.openclaw.before-rollback-'))).toBe(true);
  });

  it('fails before the swap: stays on the old version, nothing to roll back, the gateway runs again', async () => {
    const { run, state, step } = await wizard({ scenario: 'fail-before-swap' });
    expect(run.state).toBe('failed');
    expect(step('apply')?.state).toBe('failed');
    expect(step('apply')?.detail).toContain('canary-validation-failed');
    expect(state.version).toBe('2026.9.4');
    expect(run.gatewayRunning).toBe(true);
    expect(run.outcome).toContain('still on 2026.9.4');
    expect(run.outcome).toContain('The gateway is running (2026.9.4)');
  });

  it('fails after the state migration: rolls back with the backup (OpenClaw itself cannot), gateway on the old version', async () => {
    const { run, state, schema } = await wizard({ scenario: 'fail-after-migration' });
    expect(run.state).toBe('rolled-back');
    expect(run.outcome).toContain('state-migrated-no-rollback');
    expect(state.calls).not.toContain('update --tag 2026.9.4 --yes --json');
    expect(state.version).toBe('2026.9.4');
    expect(schema()).toBe('17');
    expect(state.gateway).toBe('running');
  });

  it('verification fails: rolls back to the previous version and its backup', async () => {
    const { run, state, step } = await wizard({ scenario: 'doctor-fails' });
    expect(step('doctor')?.state).toBe('failed');
    expect(step('doctor')?.detail).toContain('memory-core is incompatible');
    expect(run.state).toBe('rolled-back');
    expect(state.version).toBe('2026.9.4');
    expect(state.gateway).toBe('running');
  });

  it('the new version does not start: rolls back', async () => {
    const { run, step, state } = await wizard({ scenario: 'success', gatewayStartFailsOn: '2026.9.6' });
    expect(step('gateway-start')?.state).toBe('failed');
    expect(run.state).toBe('rolled-back');
    expect(state.gatewayVersion).toBe('2026.9.4');
  });

  it('a gateway it cannot stop (not run by a service manager): does not update, and says why', async () => {
    const { run, state, step } = await wizard({ scenario: 'success', gatewayUnmanaged: true });
    expect(run.state).toBe('failed');
    expect(step('gateway-stop')?.detail).toContain('let ClawGrid run it');
    expect(state.calls.filter((c) => c.includes('--yes'))).toEqual([]);
    expect(state.version).toBe('2026.9.4');
    expect(run.gatewayRunning).toBe(true);
  });

  it('says exactly why when the gateway cannot be brought back', async () => {
    const { run } = await wizard({ scenario: 'fail-before-swap', gatewayStartFails: true });
    expect(run.gatewayRunning).toBe(false);
    expect(run.outcome).toContain('The gateway is NOT running');
  });

  it('dry run walks every step and changes nothing', async () => {
    const { run, state, step } = await wizard({ scenario: 'success' }, { dryRun: true });
    expect(run.state).toBe('succeeded');
    expect(run.outcome).toContain('nothing was changed');
    expect(state.version).toBe('2026.9.4');
    expect(state.gateway).toBe('running');
    expect(state.calls).toContain('backup create --dry-run --json');
    expect(state.calls.filter((c) => c.includes('--yes') || c === 'gateway stop')).toEqual([]);
    expect(step('apply')?.state).toBe('skipped');
    expect(step('apply')?.detail).toContain('openclaw update --tag 2026.9.6 --yes --no-restart --json');
    expect(step('rollback-plan')?.detail).toContain('restoring the backup');
  });

  it("OpenClaw's own refusals stop the preflight with what to do: container-image-install, update-recovery-pending", async () => {
    const refused = await wizard({ scenario: 'dry-run-refuses' });
    expect(refused.run.state).toBe('failed');
    expect(refused.run.outcome).toContain('container-image-install');
    expect(refused.run.outcome).toContain('Nothing was changed');
    expect(refused.state.calls.filter((c) => c.includes('--yes'))).toEqual([]);
    await reset();
    const pending = await wizard({ scenario: 'recovery-pending' });
    expect(pending.run.state).toBe('failed');
    expect(pending.run.outcome).toContain('update-recovery-pending');
    expect(pending.run.outcome).toContain('openclaw update status --json');
    expect(pending.state.gateway).toBe('running');
    await reset();
    const oldNode = await wizard({ scenario: 'success' }, { nodeVersion: '22.12.0' });
    expect(oldNode.step('node')?.state).toBe('failed');
    expect(oldNode.run.outcome).toContain('Node is too old');
  });
});
