import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VECTOR_FIELDS, VECTOR_RECEIPT_HASH } from '../../../test-support/proofs/receipt-vector';
import { createZkEngine } from './zk-engine';

const devnet = path.resolve(__dirname, '../../../resources/zk/devnet');
const engine = createZkEngine();
afterAll(() => engine.close());

describe('Groth16 worker', () => {
  it('proves with the devnet setup and verifies off the main thread', async () => {
    const { proof, publicSignals } = await engine.prove({ receipt: VECTOR_FIELDS }, path.join(devnet, 'receipt_public.wasm'), path.join(devnet, 'receipt_public.zkey'));
    expect(publicSignals).toEqual([VECTOR_RECEIPT_HASH]);
    const { default: vk } = await import('../../../resources/zk/devnet/verification_key.json');
    expect(await engine.verify(vk, publicSignals, proof)).toEqual({ valid: true });
    expect(await engine.verify(vk, ['1'], proof)).toEqual({ valid: false });
  }, 30_000);
});

describe('Groth16 batch verification', () => {
  it('verifies many proofs at once and still singles out the invalid ones', async () => {
    const fields = (n: number) => [String(n), '2', '3', '4'];
    const proofs: Array<{ proof: unknown; publicSignals: string[] }> = [];
    for (let i = 1; i <= 4; i++) proofs.push(await engine.prove({ receipt: fields(i) }, path.join(devnet, 'receipt_public.wasm'), path.join(devnet, 'receipt_public.zkey')));
    const { default: vk } = await import('../../../resources/zk/devnet/verification_key.json');
    const all = await Promise.all(proofs.map((p) => engine.verify(vk, p.publicSignals, p.proof)));
    expect(all).toEqual(proofs.map(() => ({ valid: true })));
    // The second and third of a queued batch carry swapped public signals: exactly those two fail.
    const mixed = await Promise.all(
      proofs.map((p, i) => engine.verify(vk, i === 1 ? proofs[2]!.publicSignals : i === 2 ? proofs[1]!.publicSignals : p.publicSignals, p.proof)),
    );
    expect(mixed.map((m) => m.valid)).toEqual([true, false, false, true]);
  }, 60_000);
});
