import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../shared/domain/canonical-json';
import { fakeDigest } from '../../../test-support/fake-ollama/fake-models';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { createAitbcNetworkBackend } from '../network/aitbc-network-backend';
import { startDevnetHarness, type DevnetHarness } from '../network/test-devnet';
import { startMiner, type Miner } from '../miner/miner-runner';
import { createOllamaBackend } from '../miner/ollama-backend';
import { createProofsFeature, type ProofsFeature } from '../proofs/proofs-feature';
import { createZkEngine } from '../proofs/zk-engine';
import { DEVNET_ZK_VERIFICATION_KEY } from '../devnet/devnet-zk-setup';
import type { ExecutedRequest } from './execution-port';
import { createRecordingNetwork } from './testing/recording-network';
import { startEngineHarness, type EngineHarness } from './testing/engine-harness';

// Every hybrid execution through the real engine becomes a proof chain link: local (with the model digest)
// and network (with the devnet's signed receipt, losslessly), and the chain verifies.
const MODEL = 'llama3.2:3b';
const zk = createZkEngine();
let devnet: DevnetHarness;
let ollama: FakeOllama;
let miner: Miner;
let h: EngineHarness;
let proofs: ProofsFeature;
let key: string;

const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  devnet = await startDevnetHarness({ zk: { engine: zk } });
  ollama = await startFakeOllama({ loaded: [MODEL] });
  miner = startMiner({ coordinatorUrl: devnet.devnet.url, apiKey: devnet.minerKey, minerId: 'm-chain', backend: createOllamaBackend({ url: ollama.url }), pricePer1kTokens: '0.5', region: 'local', pollMs: 50, payoutAddress: `0x${'c'.repeat(40)}` });
  const client = await devnet.newClient('100');
  const network = createAitbcNetworkBackend({ client, intents: devnet.intents, network: 'devnet', poll: { baseMs: 30, factor: 1.5, maxMs: 200, jitter: 0.2 }, listStaleMs: 0, offersTtlMs: 0 });
  await vi.waitFor(async () => expect((await network.offers()).length).toBeGreaterThan(0), { timeout: 5000 });
  await network.probe();
  h = await startEngineHarness(ollama.url, { network, onExecuted: (rec) => proofs.recordExecution(rec) });
  proofs = createProofsFeature(h.core, { networkKeys: () => ({ receiptSigningKey: devnet.devnet.receiptPublicKey, zkVerificationKey: DEVNET_ZK_VERIFICATION_KEY }), engine: zk });
  key = h.feature.engine.agents.create('prover').key;
}, 30_000);
afterAll(async () => {
  await h?.close();
  await proofs?.close?.();
  await miner?.stop();
  await devnet?.close();
  await ollama?.close();
});

async function chat(model: string, stream: boolean) {
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: `hi ${model}` }], stream });
  const res = await fetch(h.url + '/api/chat', { method: 'POST', headers: { authorization: `Bearer ${key}` }, body });
  return { res, body, text: await res.text() };
}
const commitment = (request: string, response: string, modelDigest: string | null) =>
  sha(canonicalJson({ request_sha256: sha(request), response_sha256: sha(response), model: MODEL, model_digest: modelDigest }));

describe('engine → proof chain', () => {
  it('a local and a network request each add a link; the network receipt verifies; the chain verifies', async () => {
    const local = await chat(MODEL, true);
    expect(local.res.headers.get('x-clawgrid-backend')).toBe('local');
    const net = await chat(`${MODEL}@network`, false);
    expect(net.res.status).toBe(200);
    expect(net.res.headers.get('x-clawgrid-backend')).toBe('network:m-chain');
    // A request that fails (unknown model: no response) adds no link.
    expect((await chat('missing:1b', false)).res.status).toBe(404);

    await vi.waitFor(() => expect(proofs.proofs.list(10).total).toBe(2));
    const [second, first] = proofs.proofs.list(10).links;
    expect(first).toMatchObject({ seq: 1, backend: 'local', model: MODEL, network: null });
    expect(second).toMatchObject({ seq: 2, backend: 'network', model: MODEL, network: 'devnet', jobId: expect.any(String), receiptId: expect.any(String) });

    // The commitments are over exactly what the agent sent and received, and the local model's digest.
    const localDetail = await proofs.proofs.get(1);
    expect(localDetail?.modelDigest).toBe(`sha256:${fakeDigest(MODEL)}`);
    expect(localDetail?.commitment).toBe(commitment(local.body, local.text, `sha256:${fakeDigest(MODEL)}`));
    const netDetail = await proofs.proofs.get(2);
    expect(netDetail?.commitment).toBe(commitment(net.body, net.text, null));
    expect(netDetail).toMatchObject({ link: { status: 'no_proof_requested' }, signature: { status: 'valid' } });

    const result = await proofs.proofs.verifyChain();
    expect(result).toMatchObject({ checked: 2, intact: true, brokenAt: null, counts: { local: 1, no_proof_requested: 1, failed: 0 } });
  }, 60_000);
});

describe('race → proof chain', () => {
  it('the winner of a hedged request is recorded once, with the backend that answered', async () => {
    const fake = await startFakeOllama({ loaded: [] });
    const net = createRecordingNetwork([{ minerId: 'miner-a', model: MODEL, pricePer1kTokensAit: '0.01', region: null, gpu: null, zkProof: true, providerAddress: null }]);
    const seen: ExecutedRequest[] = [];
    const rh = await startEngineHarness(fake.url, { network: net, onExecuted: (rec) => seen.push(rec) });
    try {
      const k = rh.feature.engine.agents.create('racer').key;
      const send = () => fetch(rh.url + '/api/chat', { method: 'POST', headers: { authorization: `Bearer ${k}` }, body: JSON.stringify({ model: `${MODEL}@race`, messages: [{ role: 'user', content: 'hi' }] }) });
      fake.setTiming({ coldLoadMs: 3000 });
      await new Promise((r) => setTimeout(r, 300)); // the engine sees /api/ps: cold → the network is hedged at once
      const cold = await send();
      expect(cold.headers.get('x-clawgrid-backend')).toBe('network:miner-a');
      await cold.text();
      await vi.waitFor(() => expect(seen).toHaveLength(1));
      expect(seen[0]).toMatchObject({ backend: 'network', jobId: 'job-1', modelDigest: null, receipt: { jobId: 'job-1' } });

      fake.setTiming({ coldLoadMs: 0 });
      fake.setLoaded(MODEL, true);
      await new Promise((r) => setTimeout(r, 300));
      const warm = await send();
      expect(warm.headers.get('x-clawgrid-backend')).toBe('local');
      const text = await warm.text();
      await vi.waitFor(() => expect(seen).toHaveLength(2));
      expect(seen[1]).toMatchObject({ backend: 'local', network: null, jobId: null, modelDigest: `sha256:${fakeDigest(MODEL)}` });
      const chunks = seen[1]!.response as readonly Uint8Array[];
      expect(Buffer.concat(chunks.map((c) => Buffer.from(c))).toString('utf8')).toBe(text);
    } finally {
      await rh.close();
      await fake.close();
    }
  }, 30_000);
});
