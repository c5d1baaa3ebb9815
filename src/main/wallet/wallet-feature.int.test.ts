import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContainer, type Container } from '../container';
import { silentLogger } from '../log/logger';
import { parseAmount } from '../../shared/domain/decimal';
import type { WalletNotice } from './wallet-feature';

let dir: string;
let c: Container;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-walletf-'));
  c = createContainer({ host: 'headless', dataDir: dir, log: silentLogger, env: { CLAWGRID_NETWORK: 'off' }, wallet: { scryptN: 1 << 10, chainUrl: null } });
});
afterEach(async () => {
  await c.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const call = (name: string, input: unknown) => c.router.dispatch(name, input, { transport: 'test' });

describe('wallet feature through the router', () => {
  it('creates a passphrase wallet, shows a QR, never returns the key; a second create is refused', async () => {
    expect(await call('wallet.create', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/passphrase/) } });
    const created = await call('wallet.create', { passphrase: 'long enough' });
    expect(created).toMatchObject({ ok: true, output: { exists: true, protection: 'passphrase', locked: false, balance: null } });
    const receive = await call('wallet.receive', {});
    expect(receive).toMatchObject({ ok: true, output: { qrDataUrl: expect.stringMatching(/^data:image\/svg\+xml;base64,/) } });
    expect(await call('wallet.create', { passphrase: 'long enough' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const exported = await call('wallet.export', { exportPassphrase: 'backup pass', passphrase: 'wrong one!' });
    expect(exported).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/Wrong passphrase/) } });
  });

  it('spend overview, limits and admission through the engine port', async () => {
    const set = await call('wallet.setPolicy', {
      agentId: 'default',
      policy: { hardLimitAit: '1', softLimitAit: '0.5', period: { kind: 'daily', timeZone: 'UTC' }, modelCapsAit: {}, maxPricePer1kAit: null, approvalThresholdAit: null, approveOnSoftLimit: false },
    });
    expect(set.ok).toBe(true);
    const d = await c.wallet.admission.admit({ requestId: 'r1', agentId: 'default', model: 'm', minerId: null, pricePer1kTokensAit: '0.2', maxTokens: 3000 }, new AbortController().signal);
    expect(d.ok).toBe(true);
    if (d.ok) d.reservation.settle('0.5', { jobId: 'j1' });
    const o = await call('wallet.spendOverview', {});
    if (!o.ok) throw new Error(o.error.message);
    const overview = o.output as { agents: { agentId: string; usage: { spentAit: string; availableAit: string; softCrossed: boolean } }[]; alerts: { kind: string }[] };
    expect(overview.agents[0]).toMatchObject({ agentId: 'default', usage: { spentAit: '0.5125', availableAit: '0.4875', softCrossed: true } });
    expect(overview.alerts.map((a) => a.kind)).toContain('soft_limit');
    const h = await call('wallet.history', {});
    expect(h).toMatchObject({ ok: true, output: { entries: [{ kind: 'fee' }, { kind: 'settle', amount: '0.5' }, { kind: 'reserve', amount: '0.615' }] } });
  });

  it('a reconciliation that finds new payment disputes tells the desktop once (native notification)', async () => {
    await c.close();
    const notices: WalletNotice[] = [];
    c = createContainer({ host: 'headless', dataDir: dir, log: silentLogger, env: { CLAWGRID_NETWORK: 'off' }, wallet: { scryptN: 1 << 10, chainUrl: null, paymentSource: { connected: () => 'test-coordinator', lookup: async (q) => ({ network: 'test-coordinator', payments: [], notFound: q.spend.map((jobId) => ({ jobId, role: 'spend' as const })), failed: [] }) } } });
    c.wallet.onNotice((n) => notices.push(n));
    const scopes = [{ scope: 'agent:default', label: 'budget', periodKey: 'lifetime', limit: null, soft: null }];
    const r = c.wallet.ledger.reserve({ requestId: 'job-x', agentId: 'default', model: 'm', minerId: null, payment: parseAmount('0.5'), fee: 0n, scopes, ttlMs: 60_000 });
    if (!r.ok) throw new Error(r.message);
    c.wallet.ledger.settle(r.id, parseAmount('0.5'), { jobId: 'job-x' }); // the coordinator has no such payment
    expect(await call('wallet.reconcile', {})).toMatchObject({ ok: true, output: { issues: [{ jobId: 'job-x', status: 'open', evidence: { coordinator: null, ledger: [{ kind: 'settle', amountAit: '0.5' }] } }], run: { trigger: 'button', network: 'test-coordinator', checked: 1, matched: 0, mismatches: 1 } } });
    expect(await call('wallet.reconcileIssues', {})).toMatchObject({ ok: true, output: { lastRun: { trigger: 'button', mismatches: 1 } } });
    expect(notices).toEqual([{ kind: 'disputes', issues: [expect.objectContaining({ jobId: 'job-x' })] }]);
    await call('wallet.reconcile', {});
    expect(notices).toHaveLength(1); // the same dispute is not announced again
  });
});
