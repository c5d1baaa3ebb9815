import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJsonObject, type JsonObject } from '../../shared/domain/canonical-json';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { createAitbcNetworkBackend } from '../network/aitbc-network-backend';
import { startDevnetHarness, type DevnetHarness } from '../network/test-devnet';
import { startMiner, type Miner } from '../miner/miner-runner';
import { createOllamaBackend } from '../miner/ollama-backend';
import { openDatabase, type Db } from '../store/database';
import { proveReceipt } from '../devnet/devnet-prover';
import { createProofChainStore } from './proof-chain-store';
import { createProofsService } from './proofs-service';
import { createZkEngine } from './zk-engine';

// A real devnet job over HTTP (client → devnet → miner → signed receipt) recorded into the proof chain.
let h: DevnetHarness;
let ollama: FakeOllama;
let miner: Miner;
let dir: string;
let db: Db;
const engine = createZkEngine();

beforeAll(async () => {
  h = await startDevnetHarness({ wire: 'c27c654' }); // c27c654 semantics: the server escrows at submit
  ollama = await startFakeOllama({ loaded: ['llama3.2:3b'] });
  miner = startMiner({ coordinatorUrl: h.devnet.url, apiKey: h.minerKey, minerId: 'm-proofs', backend: createOllamaBackend({ url: ollama.url }), pricePer1kTokens: '0.5', region: 'local', pollMs: 50, payoutAddress: `0x${'a'.repeat(40)}` });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawgrid-proofs-int-'));
  db = openDatabase(dir);
});
afterAll(async () => {
  await miner?.stop();
  await h?.close();
  await ollama?.close();
  await engine.close();
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('devnet receipts in the proof chain', () => {
  it('a devnet job’s receipt verifies against the automatically pinned devnet key, and so does its proof', async () => {
    const client = await h.newClient('100');
    const backend = createAitbcNetworkBackend({ client, intents: h.intents, network: 'devnet', poll: { baseMs: 30, factor: 1.5, maxMs: 200, jitter: 0.2 }, listStaleMs: 0, offersTtlMs: 0 });
    await expect.poll(async () => (await backend.offers()).length, { timeout: 5000 }).toBeGreaterThan(0);
    const res = await backend.run(
      { requestId: 'req-proof', model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], ttlSeconds: 60, paymentAmountAit: '2' },
      { signal: new AbortController().signal, onJobCreated: () => undefined },
    );
    expect(isJsonObject(res.receipt as never)).toBe(true);
    const receipt = res.receipt as JsonObject;

    const svc = createProofsService({ store: createProofChainStore(db), engine, devnetPublicKey: () => h.devnet.receiptPublicKey });
    const rec = { agentId: 'a', model: 'llama3.2:3b', modelDigest: null, backend: 'network' as const, network: 'devnet', request: 'q', response: res.output, jobId: res.jobId };
    svc.recordExecution({ ...rec, requestId: 'r1', receipt });
    // The devnet engineer attaches proofs with proveReceipt when zk_proof_required / high value: the same object here.
    svc.recordExecution({ ...rec, requestId: 'r2', receipt: { ...receipt, zk_status: 'verified', zk_proof: await proveReceipt(receipt, engine) } });
    svc.recordExecution({ ...rec, requestId: 'r3', receipt: { ...receipt, provider: 'someone-else' } });

    const result = await svc.verifyChain();
    expect(result).toMatchObject({ checked: 3, intact: true, counts: { no_proof_requested: 1, verified: 1, failed: 1 } });
    const detail = await svc.get(2);
    expect(detail).toMatchObject({ signature: { status: 'valid' }, proof: { status: 'valid', binding: 'matches' } });
    expect(svc.keys().keys).toEqual([expect.objectContaining({ network: 'devnet', source: 'devnet', publicKeyHex: Buffer.from(h.devnet.receiptPublicKey).toString('hex') })]);
  }, 60_000);
});
