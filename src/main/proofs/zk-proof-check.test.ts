import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJsonObject, parseJsonLossless, type JsonObject } from '../../shared/domain/canonical-json';
import { VECTOR_RECEIPT_HASH, VECTOR_RECEIPT_WIRE } from '../../../test-support/proofs/receipt-vector';
import { devnetProofRequired, proveReceipt, type DevnetZkProof } from '../devnet/devnet-prover';
import { createZkEngine } from './zk-engine';
import { ZK_KEYS } from './zk-keys';
import { checkZkProof } from './zk-proof-check';

const receipt = ((): JsonObject => {
  const r = parseJsonLossless(VECTOR_RECEIPT_WIRE);
  if (!r.ok || !isJsonObject(r.value)) throw new Error('fixture');
  return r.value;
})();
const engine = createZkEngine();
let zk: DevnetZkProof;
let otherZk: DevnetZkProof;
const other: JsonObject = { ...receipt, receipt_id: 'ffffffffffffffffffffffffffffffff' };

beforeAll(async () => {
  zk = await proveReceipt(receipt, engine);
  otherZk = await proveReceipt(other, engine);
}, 60_000);
afterAll(() => engine.close());

describe('ZK receipt proofs (§8.5)', () => {
  it('a devnet proof of this receipt verifies and is bound to it', async () => {
    expect(zk.public_signals).toEqual([VECTOR_RECEIPT_HASH]);
    const check = await checkZkProof(zk, ZK_KEYS.devnet, engine, receipt);
    expect(check).toMatchObject({ valid: true, binding: 'matches', publicSignal: VECTOR_RECEIPT_HASH, recomputedHash: VECTOR_RECEIPT_HASH, circuitHashMatches: true });
    expect(await checkZkProof(zk, ZK_KEYS.devnet, engine)).toMatchObject({ valid: true, binding: 'no_receipt' });
  });

  it('a tampered proof fails', async () => {
    const proof = zk.proof as { pi_a: string[] };
    const tampered = { ...zk, proof: { ...proof, pi_a: [proof.pi_a[1], proof.pi_a[0], '1'] } };
    expect(await checkZkProof(tampered, ZK_KEYS.devnet, engine, receipt)).toMatchObject({ valid: false });
    const badSignal = { ...zk, public_signals: ['12345'] };
    expect(await checkZkProof(badSignal, ZK_KEYS.devnet, engine)).toMatchObject({ valid: false, reason: expect.stringContaining('does not verify') });
  });

  it("another receipt's (valid) proof attached to this receipt fails", async () => {
    const check = await checkZkProof(otherZk, ZK_KEYS.devnet, engine, receipt);
    expect(check).toMatchObject({ valid: false, binding: 'mismatch', reason: expect.stringContaining('different receipt') });
  });

  it('a hub-format proof made with the devnet setup fails against AITBC’s key', async () => {
    const check = await checkZkProof(zk, ZK_KEYS.aitbc, engine, receipt);
    expect(check).toMatchObject({ valid: false, binding: 'matches', circuitHashMatches: false });
    expect(check.reason).toContain('AITBC');
  });

  it('rejects a malformed proof object without reaching the worker', async () => {
    expect(await checkZkProof({ proof: 'x' }, ZK_KEYS.aitbc, engine, receipt)).toMatchObject({ valid: false, reason: expect.stringContaining('malformed') });
  });

  it('decides when the devnet proves like the coordinator does', () => {
    expect(devnetProofRequired({ zk_proof_required: true }, '1')).toBe(true);
    expect(devnetProofRequired({}, '9.99999999')).toBe(false);
    expect(devnetProofRequired({}, '10.0')).toBe(true);
    expect(devnetProofRequired({}, '1', '-1')).toBe(false);
    expect(devnetProofRequired({}, null, '0')).toBe(true);
  });
});
