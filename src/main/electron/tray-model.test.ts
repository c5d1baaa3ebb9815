import { describe, expect, it } from 'vitest';
import type { Approval } from '../../shared/contract/wallet';
import { MAX_LISTED_APPROVALS, trayModel, type TrayItem, type TrayState } from './tray-model';

const approval = (i: number): Approval => ({
  id: `apr_${i}`, requestId: `r${i}`, agentId: `agent${i}`, model: 'llama3.1:70b', minerId: null, pricePer1kAit: '0.01', maxTokens: 1000,
  paymentAit: '0.01', feeAit: '0.002', deltaAit: '-0.012', reason: 'above threshold', budget: [], createdAtMs: 0, deadlineMs: 60_000,
});
const base: TrayState = { local: { state: 'ok', loaded: 2 }, network: { kind: 'devnet', health: 'ok' }, earning: 'off', approvals: [], update: { state: 'idle', version: null } };
const labels = (items: TrayItem[]) => items.map((i) => (i.kind === 'separator' ? '—' : i.label));

describe('tray model', () => {
  it('shows local, network and earning status, then Open and Quit', () => {
    const m = trayModel(base);
    expect(labels(m.items)).toEqual(['Local: Ollama ready (2 loaded)', 'Network: devnet (play money) · ok', 'Earning: off', '—', 'Open ClawGrid', 'Quit ClawGrid']);
    expect(m.items.slice(0, 3).every((i) => i.kind === 'item' && !i.enabled)).toBe(true);
    expect(m.items.at(-1)).toEqual({ kind: 'item', label: 'Quit ClawGrid', enabled: true, action: { kind: 'quit' } });
    expect(m.icon).toBe('ok');
    expect(m.tooltip).toBe('ClawGrid\nLocal: Ollama ready (2 loaded)\nNetwork: devnet (play money) · ok');
  });

  it('says plainly when Ollama is missing and the network is off; the icon goes grey', () => {
    const m = trayModel({ ...base, local: { state: 'absent', loaded: 0 }, network: { kind: 'off', health: 'off' } });
    expect(labels(m.items).slice(0, 2)).toEqual(['Local: Ollama not found', 'Network: off']);
    expect(m.icon).toBe('off');
    expect(trayModel({ ...base, local: { state: 'error', loaded: 0 }, network: { kind: 'remote', health: 'degraded' } })).toMatchObject({ icon: 'ok' });
  });

  it('lists each waiting payment with Approve once / Deny for that approval; the icon asks for attention', () => {
    const m = trayModel({ ...base, approvals: [approval(1)] });
    expect(m.icon).toBe('attention');
    expect(m.tooltip).toContain('1 approval waiting');
    const sub = m.items.find((i) => i.kind === 'submenu');
    expect(sub).toEqual({
      kind: 'submenu',
      label: 'agent1 · llama3.1:70b: up to 0.012 AIT',
      items: [
        { kind: 'item', label: 'Approve once', enabled: true, action: { kind: 'decide', id: 'apr_1', decision: 'approve_once' } },
        { kind: 'item', label: 'Deny', enabled: true, action: { kind: 'decide', id: 'apr_1', decision: 'deny' } },
      ],
    });
  });

  it(`lists at most ${MAX_LISTED_APPROVALS} and points to the window for the rest`, () => {
    const m = trayModel({ ...base, approvals: Array.from({ length: 8 }, (_, i) => approval(i)) });
    expect(m.items.filter((i) => i.kind === 'submenu')).toHaveLength(MAX_LISTED_APPROVALS);
    expect(m.items).toContainEqual({ kind: 'item', label: '3 more — open ClawGrid', enabled: true, action: { kind: 'open' } });
    expect(labels(m.items)).toContain('8 payments waiting for approval');
  });

  it('offers "Restart to update" once an update is downloaded (or deferred), not before', () => {
    expect(labels(trayModel({ ...base, update: { state: 'downloading', version: '0.2.0' } }).items)).not.toContain('Restart to update to 0.2.0');
    for (const state of ['ready', 'deferred'] as const) {
      expect(trayModel({ ...base, update: { state, version: '0.2.0' } }).items).toContainEqual({ kind: 'item', label: 'Restart to update to 0.2.0', enabled: true, action: { kind: 'install-update' } });
    }
  });
});
