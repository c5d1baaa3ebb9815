import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJsonObject, parseJsonLossless, type JsonObject } from '../../shared/domain/canonical-json';
import { openDatabase, type Db } from '../store/database';
import { VECTOR_PUBKEY_HEX, VECTOR_RECEIPT_WIRE, VECTOR_SEED_HEX } from '../../../test-support/proofs/receipt-vector';
import { proveReceipt } from '../devnet/devnet-prover';
import { createProofChainStore } from './proof-chain-store';
import { createProofsService, type ProofsService } from './proofs-service';
import { signedPayload } from '../../shared/domain/receipt-payload';
import { signReceipt } from '../devnet/receipt-signer';
import { createZkEngine } from './zk-engine';

const vector = ((): JsonObject => {
  const r = parseJsonLossless(VECTOR_RECEIPT_WIRE);
  if (!r.ok || !isJsonObject(r.value)) throw new Error('fixture');
  return r.value;
})();

function receiptFor(jobId: string, output: string): JsonObject {
  const meta = vector.metadata as JsonObject;
  const payload = signedPayload({ ...vector, job_id: jobId, metadata: { ...meta, result: { ...(meta.result as JsonObject), output } } });
  return { ...payload, signature: signReceipt(payload, VECTOR_SEED_HEX), zk_status: 'not_required' };
}

const engine = createZkEngine();
let dir: string;
let db: Db;
let svc: ProofsService;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawgrid-proofs-'));
  db = openDatabase(dir);
  svc = createProofsService({ store: createProofChainStore(db), engine, devnetPublicKey: () => Buffer.from(VECTOR_PUBKEY_HEX, 'hex') });
});
afterAll(async () => {
  await engine.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const base = { agentId: 'agent-1', model: 'llama3.2:3b', request: '{"prompt":"hi"}', response: '{"response":"Hallo!"}' };

describe('proof chain', () => {
  it('records local and network executions and verifies them with honest statuses', async () => {
    svc.recordExecution({ ...base, requestId: 'r1', modelDigest: 'sha256:abc', backend: 'local', network: null });
    svc.recordExecution({ ...base, requestId: 'r2', modelDigest: null, backend: 'network', network: 'devnet', jobId: 'job2', receipt: receiptFor('job2', 'a') });
    const withProof = receiptFor('job3', 'b');
    const zk = await proveReceipt(withProof, engine);
    svc.recordExecution({ ...base, requestId: 'r3', modelDigest: null, backend: 'network', network: 'devnet', jobId: 'job3', receipt: { ...withProof, zk_status: 'verified', zk_proof: zk } });
    svc.recordExecution({ ...base, requestId: 'r4', modelDigest: null, backend: 'network', network: 'devnet', jobId: 'job4', receipt: { ...receiptFor('job4', 'c'), price: 99 } });
    svc.recordExecution({ ...base, requestId: 'r5', modelDigest: null, backend: 'network', network: 'http://hub.example/c', jobId: 'job5', receipt: receiptFor('job5', 'd') });

    const result = await svc.verifyChain();
    expect(result).toMatchObject({ checked: 5, intact: true, brokenAt: null, counts: { local: 1, no_proof_requested: 1, verified: 1, failed: 1, unverified: 1 } });
    const { links } = svc.list(10);
    expect(links.map((l) => [l.seq, l.status])).toEqual([[5, 'unverified'], [4, 'failed'], [3, 'verified'], [2, 'no_proof_requested'], [1, 'local']]);
    expect(links[1]?.reason).toContain('altered');

    const detail = await svc.get(3);
    expect(detail?.proof).toMatchObject({ status: 'valid', binding: 'matches' });
    expect(detail?.signature).toMatchObject({ status: 'valid', pinnedKeyHex: VECTOR_PUBKEY_HEX });
    expect(detail?.doesNotAttest.join(' ')).toContain('not computation');
  });

  it('verifies a hub receipt once the user pins the key it was signed with', async () => {
    const { unpinned } = svc.keys();
    expect(unpinned).toEqual([{ network: 'http://hub.example/c', keyId: expect.any(String) }]);
    expect(svc.pinKey('http://hub.example/c', unpinned[0]!.keyId)).toMatchObject({ publicKeyHex: VECTOR_PUBKEY_HEX, source: 'user' });
    await svc.verifyChain();
    expect(svc.list(1).links[0]).toMatchObject({ seq: 5, status: 'no_proof_requested' });
    expect(svc.pinKey('devnet', VECTOR_PUBKEY_HEX)).toHaveProperty('error');
  });

  it('fails a genuine receipt recorded for a different job', async () => {
    svc.recordExecution({ ...base, requestId: 'r6', modelDigest: null, backend: 'network', network: 'devnet', jobId: 'job6', receipt: receiptFor('job2', 'a') });
    await svc.verifyChain();
    expect(svc.list(1).links[0]).toMatchObject({ seq: 6, status: 'failed', reason: expect.stringContaining('not for this execution') });
  });

  it('finds and locates a link altered in the middle of the chain', async () => {
    expect(() => db.prepare("UPDATE proof_chain SET model = 'x' WHERE seq = 3").run()).toThrow(/append-only/);
    db.exec('DROP TRIGGER proof_chain_no_update');
    db.prepare("UPDATE proof_chain SET model = 'gpt-evil' WHERE seq = 3").run();
    const result = await svc.verifyChain();
    expect(result.intact).toBe(false);
    expect(result.brokenAt).toMatchObject({ seq: 3, reason: expect.stringContaining('altered') });
    expect(svc.list(10).links.find((l) => l.seq === 3)).toMatchObject({ status: 'failed', reason: expect.stringContaining('Chain broken here') });
  });

  it('locates a removed link by the next link’s back-pointer', async () => {
    db.prepare("UPDATE proof_chain SET model = 'llama3.2:3b' WHERE seq = 3").run();
    db.exec('DROP TRIGGER proof_chain_no_delete');
    db.prepare('DELETE FROM proof_chain WHERE seq = 2').run();
    const result = await svc.verifyChain();
    expect(result.brokenAt).toMatchObject({ seq: 3, reason: expect.stringContaining('missing') });
  });
});

describe('proof chain, batched', () => {
  it('a batch appended in one transaction chains exactly as the same links appended one by one', async () => {
    const open = () => {
      const d = fs.mkdtempSync(path.join(os.tmpdir(), 'clawgrid-proofs-batch-'));
      const database = openDatabase(d);
      return { d, database, s: createProofsService({ store: createProofChainStore(database), engine, now: () => 1_700_000_000_000, devnetPublicKey: () => Buffer.from(VECTOR_PUBKEY_HEX, 'hex') }) };
    };
    const recs = [1, 2, 3, 4].map((i) => ({ ...base, requestId: `b${i}`, modelDigest: null, backend: 'local' as const, network: null }));
    const one = open();
    const many = open();
    try {
      for (const r of recs) one.s.recordExecution(r);
      many.s.recordExecutions(recs.slice(0, 1));
      const links = many.s.recordExecutions(recs.slice(1)); // continues from the stored head
      expect(links.map((l) => l.seq)).toEqual([2, 3, 4]);
      const rows = (db2: Db) => db2.prepare('SELECT seq, prev_hash, link_hash FROM proof_chain ORDER BY seq').all();
      expect(rows(many.database)).toEqual(rows(one.database));
      expect(await many.s.verifyChain()).toMatchObject({ checked: 4, intact: true, brokenAt: null });
    } finally {
      for (const o of [one, many]) {
        o.database.close();
        fs.rmSync(o.d, { recursive: true, force: true });
      }
    }
  });
});
