import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../shared/domain/canonical-json';
import { VECTOR_PUBKEY_HEX } from '../../../test-support/proofs/receipt-vector';
import { v025ReceiptWithProofs, v025UnsupportedModelReceipt, vectorReceipt } from '../../../test-support/proofs/receipt-v025';
import { proveReceipt, type DevnetZkProof } from '../devnet/devnet-prover';
import { expectedModelSignals } from './model-public-inputs';
import { checkReceiptProofs, type ProofKeys } from './receipt-proofs';
import { verifyReceiptSignature } from './receipt-signature';
import { createZkEngine, type ZkEngine } from './zk-engine';
import { ZK_KEYS } from './zk-keys';

const engine = createZkEngine();
const devnetKeys: ProofKeys = { receiptPublic: ZK_KEYS.devnet, receiptModel: ZK_KEYS.aitbc_model };
let own: DevnetZkProof;
let foreign: DevnetZkProof;

beforeAll(async () => {
  own = await proveReceipt(vectorReceipt(), engine);
  foreign = await proveReceipt({ ...vectorReceipt(), receipt_id: 'ffffffffffffffffffffffffffffffff' }, engine);
}, 60_000);
afterAll(() => engine.close());

/** A Groth16 stand-in that records which key each proof is checked against and answers `answer`. */
function recordingEngine(answer: boolean): ZkEngine & { vks: unknown[] } {
  const vks: unknown[] = [];
  return { vks, warm: async () => undefined, close: async () => undefined, prove: () => Promise.reject(new Error('no')), verify: async (vk) => (vks.push(vk), { valid: answer }) };
}

const modelProof = (signals: string[], over: JsonObject = {}): JsonValue => ({ proof: own.proof as JsonValue, public_signals: signals, circuit: 'receipt_model', model_id: 0, model_name: 'linear-1', ...over });

describe('v0.25 receipts: unsigned keys added after signing', () => {
  it('accepts the hub shapes (computation_correct, receipt_binding_proof, receipt_model zk_proof) with the c27c654 signature', () => {
    expect(verifyReceiptSignature(v025UnsupportedModelReceipt(), VECTOR_PUBKEY_HEX)).toMatchObject({ valid: true });
    const full = v025ReceiptWithProofs(modelProof(['1', '2', '3', '0']), own as unknown as JsonValue);
    expect(verifyReceiptSignature(full, VECTOR_PUBKEY_HEX)).toMatchObject({ valid: true });
  });

  it('still rejects any signed field changed, and any extra key outside the twelve', () => {
    const r = v025UnsupportedModelReceipt();
    expect(verifyReceiptSignature({ ...r, price: 1 }, VECTOR_PUBKEY_HEX)).toMatchObject({ valid: false, code: 'BAD_SIGNATURE' });
    expect(verifyReceiptSignature({ ...r, provider: 'other' }, VECTOR_PUBKEY_HEX)).toMatchObject({ valid: false, code: 'BAD_SIGNATURE' });
    expect(verifyReceiptSignature({ ...r, computation_verified: true }, VECTOR_PUBKEY_HEX)).toMatchObject({ valid: false, code: 'BAD_SIGNATURE' });
  });
});

describe('receipt_binding_proof', () => {
  it('verifies as the receipt_public proof bound to its receipt', async () => {
    const r = v025ReceiptWithProofs(own as unknown as JsonValue, own as unknown as JsonValue);
    const c = await checkReceiptProofs(r, devnetKeys, engine);
    expect(c.bindingProof).toMatchObject({ valid: true, binding: 'matches', circuit: 'receipt_public' });
    expect(c.zkProof).toMatchObject({ valid: true, circuit: 'receipt_public' });
  });

  it('refuses a (valid) binding proof replayed from another receipt', async () => {
    const r = v025ReceiptWithProofs(own as unknown as JsonValue, foreign as unknown as JsonValue);
    const c = await checkReceiptProofs(r, devnetKeys, engine);
    expect(c.bindingProof).toMatchObject({ valid: false, binding: 'mismatch', reason: expect.stringContaining('different receipt') });
  });

  it('refuses a binding proof that declares another circuit', async () => {
    const r = v025ReceiptWithProofs(own as unknown as JsonValue, { ...own, circuit: 'receipt_model' } as unknown as JsonValue);
    expect((await checkReceiptProofs(r, devnetKeys, engine)).bindingProof).toMatchObject({ valid: false, reason: expect.stringContaining('receipt_model') });
  });
});

describe('receipt_model zk_proof (no receipt_model circuit/zkey here: no genuine proof can be made)', () => {
  it('enforces the 4-signal shape: a receipt_public proof relabelled receipt_model is malformed', async () => {
    const relabelled = { ...own, circuit: 'receipt_model' } as unknown as JsonValue;
    const c = await checkReceiptProofs(v025ReceiptWithProofs(relabelled), devnetKeys, engine);
    expect(c.zkProof).toMatchObject({ valid: false, circuit: 'receipt_model', reason: expect.stringContaining('4 public signals') });
  });

  it('checks a 4-signal proof against AITBC’s receipt_model key, where a receipt_public proof fails', async () => {
    const padded = modelProof([...own.public_signals, '0', '0', '0']);
    const c = await checkReceiptProofs(v025ReceiptWithProofs(padded), devnetKeys, engine);
    expect(c.zkProof).toMatchObject({ valid: false, circuit: 'receipt_model', keyName: 'aitbc_model', reason: expect.stringContaining("receipt_model key") });
    const rec = recordingEngine(false);
    await checkReceiptProofs(v025ReceiptWithProofs(padded), devnetKeys, rec);
    expect(rec.vks).toEqual([ZK_KEYS.aitbc_model.vk]);
  });

  it('binds the proof to the receipt by recomputing the signals from the prompt of a linear-1 job', async () => {
    const linear = { ...vectorReceipt(), metadata: { job_payload: { model: 'linear-1', prompt: 'Grüß dich — 😀' } } } as JsonObject;
    const expected = expectedModelSignals(linear);
    if (!expected.ok) throw new Error(expected.reason);
    expect(expected.signals[3]).toBe('0');
    const rec = recordingEngine(true);
    const keys = devnetKeys;
    expect((await checkReceiptProofs({ ...linear, zk_proof: modelProof(expected.signals) }, keys, rec)).zkProof).toMatchObject({ valid: true, binding: 'matches' });
    const otherPrompt = expectedModelSignals({ ...linear, metadata: { job_payload: { model: 'linear-1', prompt: 'another' } } });
    if (!otherPrompt.ok) throw new Error('fixture');
    expect(otherPrompt.signals[0]).not.toBe(expected.signals[0]);
    expect(otherPrompt.signals[1]).toBe(expected.signals[1]);
    expect((await checkReceiptProofs({ ...linear, zk_proof: modelProof(otherPrompt.signals) }, keys, rec)).zkProof).toMatchObject({ valid: false, binding: 'mismatch', reason: expect.stringContaining('another job') });
  });

  it('an LLM job’s model is not registered: a valid-looking proof is not tied to the receipt', async () => {
    expect(expectedModelSignals(vectorReceipt())).toMatchObject({ ok: false, reason: expect.stringContaining('llama3.2:3b') });
    const c = await checkReceiptProofs(v025ReceiptWithProofs(modelProof(['1', '2', '3', '0'])), devnetKeys, recordingEngine(true));
    expect(c.zkProof).toMatchObject({ valid: true, binding: 'cannot_recompute', reason: expect.stringContaining('not tied') });
  });
});
