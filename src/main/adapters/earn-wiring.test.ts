import { describe, expect, it } from 'vitest';
import { offlineNetwork, type Engine, type NetworkBackend, type RunResult } from '../routing/port';
import { withoutOwnOffers } from './earn-wiring';
import { createEngineInflight } from './engine-inflight';

describe('withoutOwnOffers', () => {
  it('routing never sees this machine’s own miner among the offers', async () => {
    const offer = (minerId: string) => ({ minerId, model: 'llama3.2:3b', pricePer1kTokensAit: '0.004', region: null, gpu: null, zkProof: false, providerAddress: null });
    const backend: NetworkBackend = { ...offlineNetwork, offers: async () => [offer('other'), offer('my-rig')] };
    const seen = withoutOwnOffers(() => backend, () => ['my-rig'])();
    expect((await seen.offers()).map((o) => o.minerId)).toEqual(['other']);
    expect(seen.health()).toEqual(backend.health());
  });
});

describe('engine in-flight counter', () => {
  const run = (strategy: 'local' | 'network' | 'race', usage: Promise<unknown>): Engine => ({
    hedgeDelayMs: () => 0,
    run: async () => ({ requestId: 'r', decision: { strategy, reasons: [], explanation: '', minerId: null, pricePer1kTokensAit: null, hedgeNow: false }, backend: null, overheadMs: 0, answer: { type: 'error', httpStatus: 500, message: 'x' }, usage }) as unknown as RunResult,
  });
  it('counts a local or race run until its answer settles; a network run not at all once planned', async () => {
    const c = createEngineInflight();
    let settle!: () => void;
    const usage = new Promise<void>((r) => (settle = r));
    const pending = c.wrap(run('local', usage)).run({} as never, new AbortController().signal);
    expect(c.inflight()).toBe(1);
    await pending;
    expect(c.inflight()).toBe(1);
    settle();
    await usage;
    await Promise.resolve();
    expect(c.inflight()).toBe(0);
    await c.wrap(run('network', new Promise(() => undefined))).run({} as never, new AbortController().signal);
    expect(c.inflight()).toBe(0);
  });
});
