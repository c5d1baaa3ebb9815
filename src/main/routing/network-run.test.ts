import { describe, expect, it } from 'vitest';
import type { Admission } from './admission';
import { NetworkError, type NetworkBackend, type NetworkInferenceRequest, type NetworkInferenceResult } from './network-backend';
import { runOnNetwork, type NetworkRunInput } from './network-run';

// The move-off bookkeeping against the NetworkBackend port: a backend scripted per job (the AITBC wire itself is
// proven in network/network-spread.int.test.ts against the devnet).
function scripted(outcomes: ((req: NetworkInferenceRequest) => NetworkInferenceResult | NetworkError)[]) {
  const runs: NetworkInferenceRequest[] = [];
  const backend: NetworkBackend = {
    health: () => ({ state: 'ok', message: '', network: 'test' }),
    offers: async () => [],
    run: async (req) => {
      runs.push(req);
      const o = outcomes[runs.length - 1]!(req);
      if (o instanceof NetworkError) throw o;
      return o;
    },
  };
  return { backend, runs };
}
const done = (jobId: string, minerId: string): NetworkInferenceResult => ({ jobId, minerId, model: 'm', output: 'ok', promptTokens: 10, evalTokens: 10, durationMs: 1, costAit: '0.02', receipt: null });
const stalled = (jobId: string, minerId: string) => new NetworkError('stalled', `${minerId} stuck`, undefined, jobId, minerId);

function books() {
  const log = { admits: 0, settles: [] as { cost: string; jobId: string }[], releases: [] as string[] };
  const admission: Admission = {
    headroomAit: () => null,
    admit: async () => (log.admits++, { ok: true, reservation: { id: 'r', amountAit: '1.5', settle: (cost, ref) => void log.settles.push({ cost, jobId: ref.jobId }), release: (why) => void log.releases.push(why) } }),
  };
  return { admission, log };
}
const input = (backend: NetworkBackend, admission: Admission, over: Partial<NetworkRunInput> = {}): NetworkRunInput => ({
  backend,
  admission,
  agentId: 'a',
  req: { requestId: 'req-1', model: 'm', minerId: 'hung', prompt: 'x', progressDeadline: { queuedMs: 1000, runningMs: 1000 } },
  pricePer1kTokensAit: '0.01',
  reservePricePer1kTokensAit: '0.02',
  maxOutputTokens: 100,
  ttlSeconds: 60,
  signal: new AbortController().signal,
  onJobCreated: () => {},
  ...over,
});
const alternatives = async () => [{ minerId: 'hung', pricePer1kTokensAit: '0.01' }, { minerId: 'good', pricePer1kTokensAit: '0.02' }];

describe('runOnNetwork: moving a stuck job never pays twice', () => {
  it('stalled → the next miner, same reservation and escrow, its own idempotency key; settled once, to the job that answered', async () => {
    const { backend, runs } = scripted([() => stalled('job-1', 'hung'), () => done('job-2', 'good')]);
    const { admission, log } = books();
    const miners: [string, boolean][] = [];
    const o = await runOnNetwork(input(backend, admission, { alternatives, onMiner: (m, ok) => void miners.push([m, ok]) }));
    expect(o).toMatchObject({ ok: true, result: { jobId: 'job-2', minerId: 'good' } });
    expect(runs.map((r) => [r.requestId, r.minerId, r.paymentAmountAit])).toEqual([['req-1', 'hung', '1.5'], ['req-1~2', 'good', '1.5']]);
    expect(log).toEqual({ admits: 1, settles: [{ cost: '0.02', jobId: 'job-2' }], releases: [] });
    expect(miners).toEqual([['hung', false], ['good', true]]);
  });

  it('a pinned miner (no alternatives) gets no progress deadline: it waits as before', async () => {
    const { backend, runs } = scripted([() => done('job-1', 'hung')]);
    await runOnNetwork(input(backend, books().admission));
    expect(runs[0]!.progressDeadline).toBeUndefined();
  });

  it('no alternative within the reserved price: no deadline, so the job is never cancelled for nothing', async () => {
    const { backend, runs } = scripted([() => done('job-1', 'hung')]);
    await runOnNetwork(input(backend, books().admission, { reservePricePer1kTokensAit: '0.01', alternatives }));
    expect(runs[0]!.progressDeadline).toBeUndefined();
  });

  it('every miner stuck: at most three jobs, then one release and a 503', async () => {
    const { backend, runs } = scripted([() => stalled('j1', 'hung'), (r) => stalled('j2', r.minerId!), (r) => stalled('j3', r.minerId!)]);
    const { admission, log } = books();
    const many = async () => ['hung', 'b', 'c', 'd'].map((minerId) => ({ minerId, pricePer1kTokensAit: '0.01' }));
    const o = await runOnNetwork(input(backend, admission, { alternatives: many }));
    expect(o).toMatchObject({ ok: false, status: 503, code: 'stalled', jobId: 'j3' });
    expect(runs.map((r) => r.minerId)).toEqual(['hung', 'b', 'c']);
    expect(runs[2]!.progressDeadline).toBeUndefined(); // the last job may not move, so it is not cut short
    expect(log).toMatchObject({ admits: 1, settles: [], releases: ['failed: stalled'] });
  });
});

describe('runOnNetwork: the ledger follows what the network did with the money', () => {
  const paid = (state: NonNullable<NetworkInferenceResult['payment']>['state']): NonNullable<NetworkInferenceResult['payment']> => ({ wire: 'v025', state, amountAit: '0.0101', feeAit: '0.000101', lockTx: '0xlock', releaseTx: null, refundTx: null });
  function ledgerBook() {
    const log = { admitted: [] as number[], settles: [] as { cost: string; jobId: string; feeAit?: string | null }[], releases: [] as string[] };
    const admission: Admission = {
      headroomAit: () => null,
      admit: async (req) => (log.admitted.push(req.maxTokens), { ok: true, reservation: { id: 'r', amountAit: '0.0101', settle: (cost, ref) => void log.settles.push({ cost, jobId: ref.jobId, feeAit: ref.feeAit }), release: (why) => void log.releases.push(why) } }),
    };
    return { admission, log };
  }
  const pinned = { requestId: 'req-1', model: 'm', minerId: 'good', messages: [{ role: 'user', content: 'héllo' }] };

  it('num_predict is set on the job from the reservation, whose prompt bound counts UTF-8 bytes', async () => {
    const { backend, runs } = scripted([() => ({ ...done('job-1', 'good'), payment: paid('released') })]);
    const { admission, log } = ledgerBook();
    await runOnNetwork(input(backend, admission, { req: pinned, pricePer1kTokensAit: '0', reservePricePer1kTokensAit: '0', maxOutputTokens: 64 }));
    expect(runs[0]?.options).toMatchObject({ num_predict: 64 });
    expect(log.admitted).toEqual([64 + 6 + 4 + 3 * 16]); // 'héllo' is 6 bytes, 'user' 4, three template allowances
  });

  it('a job that completed and was paid while the caller hung up is settled (amount and chain fee), not released', async () => {
    const ac = new AbortController();
    const { backend } = scripted([() => (ac.abort(), { ...done('job-1', 'good'), payment: paid('released') })]);
    const { admission, log } = ledgerBook();
    const o = await runOnNetwork(input(backend, admission, { req: pinned, signal: ac.signal }));
    expect(o).toMatchObject({ ok: false, code: 'canceled', jobId: 'job-1' });
    expect(log).toMatchObject({ settles: [{ cost: '0.0101', jobId: 'job-1', feeAit: '0.000101' }], releases: [] });
  });

  it('a refunded lock still books its fee; an escrow still locked stays held for resume', async () => {
    const refunded = new NetworkError('canceled', 'canceled', undefined, 'job-1', undefined, paid('refunded'));
    const locked = new NetworkError('canceled', 'canceled', undefined, 'job-2', undefined, paid('locked'));
    const { backend } = scripted([() => refunded, () => locked]);
    const a = ledgerBook();
    await runOnNetwork(input(backend, a.admission, { req: pinned }));
    expect(a.log).toMatchObject({ settles: [{ cost: '0', jobId: 'job-1', feeAit: '0.000101' }], releases: [] });
    const b = ledgerBook();
    await runOnNetwork(input(backend, b.admission, { req: { ...pinned, requestId: 'req-2' } }));
    expect(b.log).toMatchObject({ settles: [], releases: [] });
  });
});

describe('runOnNetwork: a move keeps the fee of the lock it left behind', () => {
  it('stalled after a refunded lock, served by the next miner: its lock fee is booked once with the job that answered', async () => {
    const fee = { wire: 'v025' as const, state: 'refunded' as const, amountAit: '0.0101', feeAit: '0.000101', lockTx: '0xa', releaseTx: null, refundTx: '0xr' };
    const { backend } = scripted([
      () => new NetworkError('stalled', 'stuck', undefined, 'job-1', 'hung', fee),
      () => ({ ...done('job-2', 'good'), payment: { ...fee, state: 'released' as const, lockTx: '0xb', refundTx: null } }),
    ]);
    const settles: { cost: string; feeAit?: string | null }[] = [];
    const admission: Admission = { headroomAit: () => null, admit: async () => ({ ok: true, reservation: { id: 'r', amountAit: '0.0101', settle: (cost, ref) => void settles.push({ cost, feeAit: ref.feeAit }), release: () => {} } }) };
    await runOnNetwork(input(backend, admission, { alternatives }));
    expect(settles).toEqual([{ cost: '0.0101', feeAit: '0.000202' }]);
  });

  it('stalled with nowhere to go: the refunded lock fee is booked once', async () => {
    const fee = { wire: 'v025' as const, state: 'refunded' as const, amountAit: '0.0101', feeAit: '0.000101', lockTx: '0xa', releaseTx: null, refundTx: '0xr' };
    const { backend } = scripted([() => new NetworkError('stalled', 'stuck', undefined, 'job-1', 'hung', fee)]);
    const settles: { cost: string; feeAit?: string | null }[] = [];
    const admission: Admission = { headroomAit: () => null, admit: async () => ({ ok: true, reservation: { id: 'r', amountAit: '0.0101', settle: (cost, ref) => void settles.push({ cost, feeAit: ref.feeAit }), release: () => {} } }) };
    await runOnNetwork(input(backend, admission, { req: { requestId: 'req-1', model: 'm', minerId: 'hung', prompt: 'x' } }));
    expect(settles).toEqual([{ cost: '0', feeAit: '0.000101' }]);
  });
});
