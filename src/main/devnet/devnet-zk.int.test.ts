import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isJsonObject, type JsonObject } from '../../shared/domain/canonical-json';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { createAitbcNetworkBackend, type AitbcNetworkBackend } from '../network/aitbc-network-backend';
import type { AitbcClient } from '../aitbc/aitbc-client';
import { startDevnetHarness, type DevnetHarness } from '../network/test-devnet';
import { startMiner, type Miner } from '../miner/miner-runner';
import { createOllamaBackend } from '../miner/ollama-backend';
import { createProofChainStore } from '../proofs/proof-chain-store';
import { createProofsService } from '../proofs/proofs-service';
import { createZkEngine } from '../proofs/zk-engine';
import { ZK_KEYS } from '../proofs/zk-keys';
import { openDatabase, type Db } from '../store/database';
import { buildSignedReceipt } from './devnet-receipts';
import { createDevnetZk } from './devnet-zk';

// The devnet attaches real Groth16 receipt proofs like AITBC's `_attach_zk_proof` (reference §8.4).
const MODEL = 'llama3.2:3b';
const engine = createZkEngine();
let h: DevnetHarness;
let ollama: FakeOllama;
let miner: Miner;
let client: AitbcClient;
let backend: AitbcNetworkBackend;
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawgrid-devnet-zk-'));
  db = openDatabase(dir);
  h = await startDevnetHarness({ zk: { engine }, wire: 'c27c654' }); // c27c654 semantics: the server escrows at submit
  ollama = await startFakeOllama({ loaded: [MODEL] });
  miner = startMiner({ coordinatorUrl: h.devnet.url, apiKey: h.minerKey, minerId: 'm-zk', backend: createOllamaBackend({ url: ollama.url }), pricePer1kTokens: '0.5', region: 'local', pollMs: 50, payoutAddress: `0x${'b'.repeat(40)}` });
  client = await h.newClient('100');
  backend = createAitbcNetworkBackend({ client, intents: h.intents, network: 'devnet', poll: { baseMs: 30, factor: 1.5, maxMs: 200, jitter: 0.2 }, listStaleMs: 0, offersTtlMs: 0 });
  await vi.waitFor(async () => expect((await backend.offers()).length).toBeGreaterThan(0), { timeout: 5000 });
}, 30_000);
afterAll(async () => {
  await miner?.stop();
  await h?.close();
  await ollama?.close();
  await engine.close();
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const run = (requestId: string, extra: { zkProofRequired?: boolean; paymentAmountAit?: string }) =>
  backend.run({ requestId, model: MODEL, messages: [{ role: 'user', content: 'hi' }], ttlSeconds: 60, ...extra }, { signal: new AbortController().signal });

describe('devnet receipt proofs', () => {
  it('a job with zk_proof_required gets a verified receipt_public proof; the proofs feature verifies it and rejects a tampered one', async () => {
    const res = await run('req-zk', { zkProofRequired: true, paymentAmountAit: '2' });
    const receipt = res.receipt as JsonObject;
    expect(receipt.zk_status).toBe('verified');
    expect(receipt.zk_proof).toMatchObject({ circuit: 'receipt_public', privacy_level: 'basic', circuit_hash: ZK_KEYS.devnet.circuitHash, public_signals: [expect.stringMatching(/^\d+$/)] });
    expect(await client.getJob(res.jobId)).toMatchObject({ state: 'COMPLETED', zk_status: 'verified', zk_proof_id: ZK_KEYS.devnet.circuitHash });

    const proof = receipt.zk_proof as JsonObject;
    const pi = proof.proof as JsonObject;
    const tamperedA = [...(pi.pi_a as string[])];
    tamperedA[0] = (BigInt(tamperedA[0]!) + 1n).toString();
    const svc = createProofsService({ store: createProofChainStore(db), engine, devnetPublicKey: () => h.devnet.receiptPublicKey });
    const rec = { agentId: 'a', model: MODEL, modelDigest: null, backend: 'network' as const, network: 'devnet', request: 'q', response: res.output, jobId: res.jobId };
    svc.recordExecution({ ...rec, requestId: 'r1', receipt });
    svc.recordExecution({ ...rec, requestId: 'r2', receipt: { ...receipt, zk_proof: { ...proof, proof: { ...pi, pi_a: tamperedA } } } });
    const result = await svc.verifyChain();
    expect(result).toMatchObject({ checked: 2, intact: true, counts: { verified: 1, failed: 1 } });
    expect(await svc.get(1)).toMatchObject({ link: { status: 'verified' }, signature: { status: 'valid' }, proof: { status: 'valid', binding: 'matches' } });
    expect((await svc.get(2))?.link.status).toBe('failed');
  }, 60_000);

  it('a payment at or above the threshold (10 AIT) is proved without asking; a small unflagged job is not', async () => {
    const big = await run('req-big', { paymentAmountAit: '12' });
    expect(big.receipt).toMatchObject({ zk_status: 'verified', zk_proof: { circuit: 'receipt_public' } });
    const small = await run('req-small', { paymentAmountAit: '2' });
    const receipt = small.receipt as JsonObject;
    expect(receipt.zk_status).toBe('not_required');
    expect(isJsonObject(receipt) && 'zk_proof' in receipt).toBe(false);
    expect(await client.getJob(small.jobId)).toMatchObject({ zk_status: 'not_required', zk_proof_id: null });
  }, 60_000);
});

describe('devnet proof failures, as the coordinator reports them', () => {
  const receipt = () =>
    buildSignedReceipt({ jobId: 'j1', provider: 'm', client: 'c', payload: {}, constraints: { zk_proof_required: true }, result: { output: 'x' }, metrics: {}, jobAgeS: 1 }, '11'.repeat(32));

  it('no usable circuit → service_unavailable; proving fails → generation_failed; neither carries a proof', async () => {
    const none = await createDevnetZk(false).attach(receipt());
    expect(none.zk_status).toBe('service_unavailable');
    expect('zk_proof' in none).toBe(false);
    const broken = createDevnetZk({ engine, zkDir: path.join(dir, 'no-such-zk-dir') });
    const failed = await broken.attach(receipt());
    expect(failed.zk_status).toBe('generation_failed');
    expect('zk_proof' in failed).toBe(false);
  }, 30_000);

  it('the threshold follows COORDINATOR_ZK_HIGH_VALUE_THRESHOLD: 0 proves everything, −1 only what is requested', () => {
    expect(createDevnetZk({}, { COORDINATOR_ZK_HIGH_VALUE_THRESHOLD: '0' }).required({}, null)).toBe(true);
    expect(createDevnetZk({}, { COORDINATOR_ZK_HIGH_VALUE_THRESHOLD: '-1' }).required({}, '1000')).toBe(false);
    expect(createDevnetZk({}, { COORDINATOR_ZK_HIGH_VALUE_THRESHOLD: '-1' }).required({ zk_proof_required: true }, null)).toBe(true);
    expect(createDevnetZk({}, {}).required({}, '9.99')).toBe(false);
    expect(createDevnetZk({}, {}).required({}, '10')).toBe(true);
  });
});
