import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { createSimulatedBackend, JobRejected, type InferenceBackend, type Miner, startMiner } from '../miner/port';
import type { AitbcClient } from '../aitbc/port';
import type { Admission } from '../routing/admission';
import { startEngineHarness, type EngineHarness } from '../routing/testing/engine-harness';
import { createAitbcNetworkBackend, type AitbcNetworkBackend } from './aitbc-network-backend';
import { REQUEST_ID_KEY } from './submit-job';
import { startDevnetHarness, type DevnetHarness } from './test-devnet';

// Issue #15 item 5 over real HTTP: the engine's provider → the AITBC client → the devnet, with two real miners
// (the miner wire is real; only their inference is a controllable stand-in for a GPU): "miner-hung" is the cheaper
// one and never answers a job it took; "miner-good" answers, and refuses prompts saying "fail me" (a miner-reported failure).
const MODEL = 'llama3.1:70b';

/** An inference backend that takes jobs and never finishes them until the test lets go. */
function hungBackend() {
  const started: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let letGo: (() => void)[] = [];
  const backend: InferenceBackend = {
    kind: 'simulated',
    models: async () => [MODEL],
    run: (payload, signal) =>
      new Promise((_resolve, reject) => {
        started.push(payload);
        waiters.splice(0).forEach((w) => w());
        const fail = () => reject(new JobRejected('hung', 'this miner hung'));
        letGo.push(fail);
        signal.addEventListener('abort', fail, { once: true });
      }),
  };
  return {
    backend,
    started,
    /** Resolves once the miner has taken its `n`-th job (an event, not a sleep). */
    async took(n: number) {
      while (started.length < n) await new Promise<void>((r) => waiters.push(r));
    },
    release() {
      const all = letGo;
      letGo = [];
      all.forEach((f) => f());
    },
  };
}

/** Admission faithful to the port: reserves a real worst case (escrowed on the devnet), records what it books. */
function recordingAdmission() {
  const log: { admits: string[]; settles: { requestId: string; jobId: string; costAit: string }[]; releases: string[] } = { admits: [], settles: [], releases: [] };
  const admission: Admission = {
    headroomAit: () => null,
    admit: async (req) => {
      log.admits.push(req.requestId);
      return {
        ok: true,
        reservation: {
          id: `res-${req.requestId}`,
          amountAit: '0.5',
          settle: (costAit, ref) => void log.settles.push({ requestId: req.requestId, jobId: ref.jobId, costAit }),
          release: () => void log.releases.push(req.requestId),
        },
      };
    },
  };
  return { admission, log };
}

let dn: DevnetHarness;
let fake: FakeOllama;
let client: AitbcClient;
let backend: AitbcNetworkBackend;
const hung = hungBackend();
const miners: Miner[] = [];
const harnesses: EngineHarness[] = [];

beforeAll(async () => {
  dn = await startDevnetHarness();
  fake = await startFakeOllama();
  const simulated = createSimulatedBackend({ models: [MODEL] });
  const good: InferenceBackend = {
    ...simulated,
    run: async (payload, signal) => {
      if (JSON.stringify(payload.messages ?? '').includes('fail me')) throw new JobRejected('bad_request', 'refused by the miner');
      return simulated.run(payload, signal);
    },
  };
  const common = { coordinatorUrl: dn.devnet.url, apiKey: dn.minerKey, pollMs: 50, heartbeatMs: 2_000 };
  miners.push(startMiner({ ...common, minerId: 'miner-hung', backend: hung.backend, pricePer1kTokens: '0.001', region: 'r-hung', payoutAddress: `0x${'1'.repeat(40)}` }));
  miners.push(startMiner({ ...common, minerId: 'miner-good', backend: good, pricePer1kTokens: '0.002', region: 'r-good', payoutAddress: `0x${'2'.repeat(40)}` }));
  client = await dn.newClient('100');
  // v0.25: the buyer signs each escrow lock with its wallet (a funded throwaway key here, as network-wires does).
  const wallet = privateKeyToAccount(generatePrivateKey());
  dn.devnet.ledger.credit(wallet.address, '10', 'test_fund');
  backend = createAitbcNetworkBackend({ client, intents: dn.intents, network: 'devnet-spread', poll: { baseMs: 20, factor: 1.5, maxMs: 100, jitter: 0 }, listStaleMs: 0, offersTtlMs: 0, cancelRefunds: true, signer: async () => wallet });
  await backend.probe();
  // Both miners registered and offering (a wait for a state, bounded; expect.poll is for tests only).
  for (let i = 0; (await backend.offers()).length < 2; i++) {
    if (i > 200) throw new Error('the two miners never offered the model');
    await new Promise((r) => setTimeout(r, 50));
  }
}, 30_000);
afterAll(async () => {
  hung.release();
  for (const h of harnesses) await h.close();
  await Promise.all(miners.map((m) => m.stop()));
  await fake?.close();
  await dn?.close();
});

async function harness(progressDeadline: { queuedMs: number; runningMs: number }) {
  const rec = recordingAdmission();
  const h = await startEngineHarness(fake.url, { network: backend, admission: rec.admission, progressDeadline });
  harnesses.push(h);
  const agent = (name: string) => h.feature.engine.agents.create(name, { mode: 'network' }).key;
  const chat = (key: string, model: string, content: string, signal?: AbortSignal) =>
    fetch(h.url + '/api/chat', { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: JSON.stringify({ model, messages: [{ role: 'user', content }], stream: false }), ...(signal ? { signal } : {}) });
  return { h, rec, agent, chat };
}

/** The devnet's view of the jobs one request created (its idempotency keys start with the request id). */
async function jobsOf(requestId: string) {
  const all = await client.listJobs({ limit: 100 });
  return all.filter((j) => String(j.payload?.[REQUEST_ID_KEY] ?? '').startsWith(requestId)).reverse();
}

describe('spreading jobs over miners, moving off a hung one, per-agent breakers', () => {
  it('a second request goes to the idle miner while the hung one holds the first (no 300 s wait)', async () => {
    const { agent, chat } = await harness({ queuedMs: 600_000, runningMs: 600_000 }); // never move in this test
    const first = new AbortController();
    let firstSettled = false;
    const pending = chat(agent('first'), MODEL, 'hello one', first.signal).finally(() => (firstSettled = true)).catch(() => null);
    await hung.took(1); // the cheapest idle miner took it, and hangs
    const second = await chat(agent('second'), MODEL, 'hello two');
    expect(second.status).toBe(200);
    expect(second.headers.get('x-clawgrid-backend')).toBe('network:miner-good');
    expect(((await second.json()) as { message: { content: string } }).message.content).toContain('hello two');
    expect(firstSettled).toBe(false); // served while the first is still held by the hung miner
    first.abort();
    await pending;
    hung.release();
    await expect.poll(() => miners[0]!.stats().inflight).toBe(0);
  });

  it('a job with no progress is cancelled on the coordinator and moved; one reservation, one payment, the receipt that came back is booked', async () => {
    const { h, rec, agent, chat } = await harness({ queuedMs: 10_000, runningMs: 2_000 });
    // The cheapest offer is the hung miner's, and it is idle again after the first test (a loaded box can be slow to tell).
    await expect.poll(async () => (await backend.offers()).some((x) => x.minerId === 'miner-hung')).toBe(true);
    await expect.poll(() => miners[0]!.stats().inflight).toBe(0);
    const took = hung.started.length;
    const res = await chat(agent('mover'), MODEL, 'move me');
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(res.headers.get('x-clawgrid-backend')).toBe('network:miner-good');
    const requestId = res.headers.get('x-clawgrid-request-id')!;
    const jobs = await jobsOf(requestId);
    expect(hung.started.length, JSON.stringify(jobs.map((j) => ({ state: j.state, miner: j.assigned_miner_id, payment: j.payment_status })))).toBe(took + 1); // it did go to the hung miner first
    const [moved, served, ...more] = jobs;
    expect(more).toEqual([]);
    expect(moved).toMatchObject({ state: 'CANCELED', assigned_miner_id: 'miner-hung', payment_status: 'refunded' });
    // v0.25: a result opens the acceptance window; this harness verifies no receipts, so nothing is accepted early.
    expect(served).toMatchObject({ state: 'COMPLETED', assigned_miner_id: 'miner-good', payment_status: 'pending_acceptance' });
    expect(rec.log.admits).toEqual([requestId]);
    expect(rec.log.releases).toEqual([]);
    expect(rec.log.settles).toEqual([{ requestId, jobId: served!.job_id, costAit: expect.stringMatching(/^\d/) }]);
    await expect.poll(() => h.rows().find((r) => r.id === requestId)).toMatchObject({ backend: 'network:miner-good', job_id: served!.job_id, cost_ait: rec.log.settles[0]!.costAit });
    hung.release();
    await expect.poll(() => miners[0]!.stats().inflight).toBe(0);
  });

  it("one agent's failures open its own breaker only: another agent still reaches the network", async () => {
    const { agent, chat } = await harness({ queuedMs: 10_000, runningMs: 10_000 });
    const bad = agent('failing');
    const fine = agent('healthy');
    for (let i = 0; i < 3; i++) {
      const r = await chat(bad, `${MODEL}@miner-good`, `fail me ${i}`);
      expect(r.status).toBe(503);
      expect(((await r.json()) as { error: string }).error).toContain('refused by the miner');
    }
    const before = (await client.listJobs({ limit: 100 })).length;
    const blocked = await chat(bad, `${MODEL}@miner-good`, 'fail me again');
    expect(blocked.status).toBe(503);
    expect(((await blocked.json()) as { error: string }).error).toMatch(/unreachable or failing/);
    expect((await client.listJobs({ limit: 100 })).length).toBe(before); // refused before any job was created
    const ok = await chat(fine, `${MODEL}@miner-good`, 'still fine');
    expect(ok.status).toBe(200);
    // …served by the very miner that reported the failures: it answered, so its own breaker stays closed.
    expect(ok.headers.get('x-clawgrid-backend')).toBe('network:miner-good');
  });
});
