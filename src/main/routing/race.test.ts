import type http from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LocalRun, LocalStart } from './local-run';
import type { NetworkOutcome } from './network-run';
import { race } from './race';

// The hedge timer under fake timers: the test decides when "later" is, so no real sleep is needed.
function controllableLocal() {
  let resolve!: (s: LocalStart) => void;
  const started = new Promise<LocalStart>((r) => (resolve = r));
  const ctl = new AbortController();
  const run: LocalRun = { started, sentAt: 0, abort: () => ctl.abort(), signal: ctl.signal };
  return { run, first: () => resolve({ kind: 'first', res: {} as http.IncomingMessage, first: Buffer.from('{}'), at: 0 }), fail: () => resolve({ kind: 'failed', message: 'down', down: true }) };
}
const won: NetworkOutcome = { ok: true, costAit: '0.1', result: { jobId: 'j', minerId: 'm', model: 'x', output: 'hi', promptTokens: 1, evalTokens: 1, durationMs: 1, costAit: '0.1', receipt: null } };

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('race (hedge timing under control)', () => {
  it('local answering before the hedge delay: the network is never started, not even after the delay', async () => {
    const local = controllableLocal();
    const startNetwork = vi.fn(async () => won);
    const result = race(local.run, startNetwork, 1000, new AbortController().signal);
    local.first();
    await expect(result).resolves.toMatchObject({ winner: 'local', networkStarted: false });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(startNetwork).not.toHaveBeenCalled();
  });

  it('no first local token within the delay: the network starts exactly then, and its win aborts local', async () => {
    const local = controllableLocal();
    const startNetwork = vi.fn(async () => won);
    const result = race(local.run, startNetwork, 1000, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(999);
    expect(startNetwork).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(startNetwork).toHaveBeenCalledTimes(1);
    await expect(result).resolves.toMatchObject({ winner: 'network' });
    expect(local.run.signal.aborted).toBe(true);
  });

  it('local failing before the delay starts the network at once', async () => {
    const local = controllableLocal();
    const startNetwork = vi.fn(async () => won);
    const result = race(local.run, startNetwork, 60_000, new AbortController().signal);
    local.fail();
    await expect(result).resolves.toMatchObject({ winner: 'network' });
    expect(startNetwork).toHaveBeenCalledTimes(1);
  });

  it('local winning after the network started aborts the network attempt', async () => {
    const local = controllableLocal();
    let netSignal: AbortSignal | null = null;
    const startNetwork = vi.fn((sig: AbortSignal) => {
      netSignal = sig;
      return new Promise<NetworkOutcome>(() => {});
    });
    const result = race(local.run, startNetwork, 0, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(startNetwork).toHaveBeenCalledTimes(1);
    local.first();
    await expect(result).resolves.toMatchObject({ winner: 'local', networkStarted: true });
    expect(netSignal!.aborted).toBe(true);
  });
});
