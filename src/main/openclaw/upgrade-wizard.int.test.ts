import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenClaw, type FakeOpenClaw, type FakeState } from '../../../test-support/fake-openclaw/fake-openclaw';
import type { UpgradeRun } from '../../shared/contract/openclaw';
import { createOpenClawCli } from './cli-runner';
import { probeGateway } from './gateway-probe';
import { runUpgrade } from './upgrade-wizard';

let fake: FakeOpenClaw | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function wizard(init: Partial<FakeState>, opts: { dryRun?: boolean; nodeVersion?: string } = {}) {
  fake = await startFakeOpenClaw(init);
  const f = fake;
  const updates: UpgradeRun[] = [];
  const run = await runUpgrade(
    {
      cli: createOpenClawCli({ bin: f.bin, nodeBinDir: f.nodeBinDir, env: f.env }),
      nodeVersion: opts.nodeVersion ?? '24.21.0',
      stateDir: f.env.HOME!,
      probe: () => probeGateway(f.port),
      onChange: (r) => updates.push(r),
      freeBytes: () => 50 * 1024 ** 3,
      gatewayWaitMs: 5000,
      sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 100))),
    },
    { id: 'run-1', from: '2026.9.4', target: '2026.9.6', dryRun: opts.dryRun ?? false },
  );
  const step = (id: string) => run.steps.find((s) => s.id === id);
  return { run, updates, state: f.state(), step };
}

describe('upgrade wizard against a scripted openclaw', () => {
  it('succeeds: preflight, apply, verify; the gateway runs the new version', async () => {
    const { run, updates, state, step } = await wizard({ scenario: 'success' });
    expect(run.state).toBe('succeeded');
    expect(run.outcome).toContain('2026.9.6 is installed and the gateway is running it');
    expect(run.gatewayRunning).toBe(true);
    expect(state.version).toBe('2026.9.6');
    expect(state.calls).toContain('backup create --verify --json');
    expect(state.calls).toContain('update --tag 2026.9.6 --dry-run --json');
    expect(state.calls).toContain('update --tag 2026.9.6 --yes --json');
    expect(step('version')?.detail).toBe('CLI and gateway both report 2026.9.6.');
    // Streamed: the UI saw the apply step running before it finished, with its raw output attached.
    expect(updates.some((u) => u.steps.find((s) => s.id === 'apply')?.state === 'running')).toBe(true);
    expect(step('apply')?.output).toContain('"status": "ok"');
  });

  it('fails before the swap: stays on the pinned version, nothing to roll back, the gateway keeps running', async () => {
    const { run, state, step } = await wizard({ scenario: 'fail-before-swap' });
    expect(run.state).toBe('failed');
    expect(step('apply')?.state).toBe('failed');
    expect(step('apply')?.detail).toContain('canary-validation-failed');
    expect(state.version).toBe('2026.9.4');
    expect(run.gatewayRunning).toBe(true);
    expect(run.outcome).toContain('still on 2026.9.4');
    expect(run.outcome).toContain('The gateway is running (2026.9.4)');
  });

  it('fails after state migration: says rollback is impossible and restores the gateway', async () => {
    const { run, state, step } = await wizard({ scenario: 'fail-after-migration' });
    expect(run.state).toBe('failed');
    expect(run.outcome).toContain('rolling back is not possible');
    expect(run.outcome).toContain('openclaw update repair');
    expect(step('rollback')).toBeUndefined();
    expect(state.calls).not.toContain('update --tag 2026.9.4 --yes --json');
    expect(state.gateway).toBe('running');
    expect(run.gatewayRunning).toBe(true);
    expect(run.steps.some((s) => s.phase === 'restore' && s.state === 'ok')).toBe(true);
  });

  it('gateway stopped after a successful update: restarts it, then verifies', async () => {
    const { run, state, step } = await wizard({ scenario: 'gateway-stopped-after-update' });
    expect(run.state).toBe('succeeded');
    expect(state.calls).toContain('gateway start');
    expect(step('health')?.detail).toContain('restarted the gateway');
    expect(state.gateway).toBe('running');
    expect(state.gatewayVersion).toBe('2026.9.6');
  });

  it('verification fails: rolls back to the previous version and restarts the gateway', async () => {
    const { run, state, step } = await wizard({ scenario: 'doctor-fails' });
    expect(step('doctor')?.state).toBe('failed');
    expect(step('doctor')?.detail).toContain('memory-core is incompatible');
    expect(run.state).toBe('rolled-back');
    expect(state.version).toBe('2026.9.4');
    expect(state.gateway).toBe('running');
    expect(state.calls).toContain('gateway restart');
  });

  it('says exactly why when the gateway cannot be brought back', async () => {
    const { run } = await wizard({ scenario: 'fail-after-migration', gatewayStartFails: true });
    expect(run.gatewayRunning).toBe(false);
    expect(run.outcome).toContain('The gateway is NOT running');
    expect(run.outcome).toContain('openclaw gateway start');
  });

  it('dry run walks every step and changes nothing', async () => {
    const { run, state, step } = await wizard({ scenario: 'success' }, { dryRun: true });
    expect(run.state).toBe('succeeded');
    expect(run.outcome).toContain('nothing was changed');
    expect(state.version).toBe('2026.9.4');
    expect(state.calls).toContain('backup create --dry-run --json');
    expect(state.calls.filter((c) => c.includes('--yes'))).toEqual([]);
    expect(step('apply')?.state).toBe('skipped');
    expect(step('apply')?.detail).toContain('openclaw update --tag 2026.9.6 --yes --json');
  });

  it('preflight refusals stop before anything changes', async () => {
    const refused = await wizard({ scenario: 'dry-run-refuses' });
    expect(refused.run.state).toBe('failed');
    expect(refused.run.outcome).toContain('container-image-install');
    expect(refused.run.outcome).toContain('Nothing was changed');
    expect(refused.state.calls.filter((c) => c.includes('--yes'))).toEqual([]);
    await fake?.close();
    fake = null;
    const oldNode = await wizard({ scenario: 'success' }, { nodeVersion: '22.12.0' });
    expect(oldNode.step('node')?.state).toBe('failed');
    expect(oldNode.run.outcome).toContain('Node is too old');
  });
});
