import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { EventBatch } from '../../shared/contract/events';
import { eventNames } from '../../shared/contract/events';
import { dispatchEventBatch } from '../transport/event-handler';
import { eventHandlers } from './event-handlers';

const newClient = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });

describe('event handler registry', () => {
  it('handles every contract event exactly once', () => {
    const handled = eventHandlers.flatMap((h) => Object.keys(h)).sort();
    expect(handled).toEqual([...eventNames].sort());
  });

  it("routes a batch to the right feature's cache and leaves the others alone", () => {
    const qc = newClient();
    qc.setQueryData(['wallet.approvals'], { pending: [] });
    qc.setQueryData(['openclaw.upgradeRun'], null);
    const status = { network: 'devnet' } as unknown as NonNullable<EventBatch['network.status']>;
    dispatchEventBatch(qc, { 'network.status': status, 'proofs.verifyProgress': { done: 2, total: 5, running: true } }, eventHandlers);
    expect(qc.getQueryData(['network.status'])).toBe(status);
    expect(qc.getQueryData(['proofs-progress'])).toEqual({ done: 2, total: 5, running: true });
    expect(qc.getQueryData(['wallet.approvals'])).toEqual({ pending: [] });
    expect(qc.getQueryData(['openclaw.upgradeRun'])).toBeNull();
  });

  it('turns a changed event into an invalidation of that feature only', () => {
    const qc = newClient();
    for (const key of [['wallet.spendOverview'], ['wallet.history'], ['wallet.reconcileIssues'], ['wallet.status'], ['models.list']]) qc.setQueryData(key, { v: 1 });
    dispatchEventBatch(qc, { 'wallet.changed': {} } as EventBatch, eventHandlers);
    const stale = (key: string) => qc.getQueryState([key])?.isInvalidated;
    expect([stale('wallet.spendOverview'), stale('wallet.history'), stale('wallet.reconcileIssues')]).toEqual([true, true, true]);
    expect([stale('wallet.status'), stale('models.list')]).toEqual([false, false]);
  });

  it('ignores events no handler names, and keys from Object.prototype', () => {
    const qc = newClient();
    const batch = JSON.parse('{"nobody.listens":{"x":1},"toString":1,"__proto__":{"polluted":1}}') as EventBatch;
    expect(() => dispatchEventBatch(qc, batch, eventHandlers)).not.toThrow();
    expect(qc.getQueryCache().getAll()).toHaveLength(0);
  });
});
