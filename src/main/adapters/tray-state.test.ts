import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../shared/contract/app';
import type { EventBatch } from '../../shared/contract/events';
import type { Approval } from '../../shared/contract/wallet';
import { trayStateSource } from './tray-state';

// The adapter over stand-ins for the container's parts: what each source says reaches the tray, and every
// change (a new approval, a network event, an Ollama poll) tells the tray to re-render.
function parts() {
  const hubListeners = new Set<(b: EventBatch) => void>();
  const approvalListeners = new Set<() => void>();
  const ollamaListeners = new Set<() => void>();
  let pending: Approval[] = [];
  const c = {
    ollama: { snapshot: () => ({ reachability: { state: 'absent' }, loaded: [] }), subscribe: (l: () => void) => (ollamaListeners.add(l), () => ollamaListeners.delete(l)) },
    wallet: { approvals: { pending: () => pending, onChange: (l: () => void) => (approvalListeners.add(l), () => approvalListeners.delete(l)) } },
    hub: { subscribe: (l: (b: EventBatch) => void) => (hubListeners.add(l), () => hubListeners.delete(l)) },
    router: { dispatch: async () => ({ ok: true, output: { kind: 'devnet', health: { state: 'ok', message: '' } } }) },
  };
  const idle = { state: 'idle', version: null } as UpdateStatus;
  return {
    source: trayStateSource(c as never, () => idle),
    emit: (b: EventBatch) => hubListeners.forEach((l) => l(b)),
    addApproval: (a: Approval) => ((pending = [a]), approvalListeners.forEach((l) => l())),
    sizes: () => [hubListeners.size, approvalListeners.size, ollamaListeners.size],
  };
}

describe('tray state adapter', () => {
  it('joins Ollama, the network status, approvals and the updater; re-renders on each change', async () => {
    const p = parts();
    let renders = 0;
    const unsubscribe = p.source.subscribe(() => renders++);
    await new Promise((r) => setImmediate(r)); // the first network.status call
    expect(p.source.get()).toEqual({ local: { state: 'absent', loaded: 0 }, network: { kind: 'devnet', health: 'ok' }, earning: 'off', approvals: [], update: { state: 'idle', version: null } });
    const before = renders;
    p.addApproval({ id: 'apr_1' } as Approval);
    expect(p.source.get().approvals).toEqual([{ id: 'apr_1' }]);
    p.emit({ 'network.status': { kind: 'off', health: { state: 'off', message: '' } } as never });
    expect(p.source.get().network).toEqual({ kind: 'off', health: 'off' });
    p.emit({ 'app.update': { state: 'ready', version: '0.2.0' } as never });
    expect(p.source.get().update).toEqual({ state: 'ready', version: '0.2.0' });
    p.emit({ 'monitor.snapshot': {} } as never); // unrelated events do not re-render
    expect(renders - before).toBe(3);
    unsubscribe();
    expect(p.sizes()).toEqual([0, 0, 0]);
  });
});
