import path from 'node:path';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import aitbcVk from '../../../resources/zk/aitbc/receipt_public.verification_key.json';
import devnetVk from '../../../resources/zk/devnet/verification_key.json';
import { batchVerifyGroth16, verifyGroth16 } from './groth16-verify';

const devnet = path.resolve(__dirname, '../../../resources/zk/devnet');
let curve: snarkjs.Curve;
let a: { proof: snarkjs.Groth16Proof; publicSignals: string[] };
let b: { proof: snarkjs.Groth16Proof; publicSignals: string[] };

beforeAll(async () => {
  curve = await snarkjs.curves.getCurveFromName('bn128', { singleThread: true });
  (globalThis as { curve_bn128?: unknown }).curve_bn128 = curve;
  const prove = (x: string) => snarkjs.groth16.fullProve({ receipt: [x, '2', '3', '4'] }, path.join(devnet, 'receipt_public.wasm'), path.join(devnet, 'receipt_public.zkey'));
  a = await prove('1');
  b = await prove('5');
}, 60_000);
afterAll(async () => {
  (globalThis as { curve_bn128?: unknown }).curve_bn128 = null;
  await curve.terminate();
});

describe('Groth16 verification (worker core)', () => {
  it('agrees with snarkjs groth16.verify on valid and invalid proofs, under both keys', async () => {
    const cases: Array<[unknown, string[], snarkjs.Groth16Proof]> = [
      [devnetVk, a.publicSignals, a.proof],
      [devnetVk, b.publicSignals, a.proof],
      [devnetVk, a.publicSignals, { ...a.proof, pi_c: b.proof.pi_c }],
      [devnetVk, ['0'], a.proof],
      [aitbcVk, a.publicSignals, a.proof],
      [devnetVk, [String(curve.r)], a.proof],
    ];
    for (const [vk, signals, proof] of cases) {
      expect(await verifyGroth16(curve, vk, signals, proof)).toBe(await snarkjs.groth16.verify(vk, signals, proof));
    }
    expect(await verifyGroth16(curve, devnetVk, a.publicSignals, a.proof)).toBe(true);
  });

  it('batch-verifies valid proofs and rejects a batch with one bad member', async () => {
    expect(await batchVerifyGroth16(curve, devnetVk, [a, b, a])).toBe(true);
    expect(await batchVerifyGroth16(curve, devnetVk, [a, { proof: b.proof, publicSignals: a.publicSignals }, b])).toBe(false);
    expect(await batchVerifyGroth16(curve, aitbcVk, [a, b])).toBe(false);
  });
});
