import { describe, expect, it } from 'vitest';
import { isJsonObject, parseJsonLossless, pyFloat, type JsonObject } from './canonical-json';
import { VECTOR_FIELDS, VECTOR_RECEIPT_HASH, VECTOR_RECEIPT_WIRE } from '../../../test-support/proofs/receipt-vector';
import { fieldOf, poseidonOfFields, receiptFieldElements } from './receipt-field-elements';

const receipt = ((): JsonObject => {
  const r = parseJsonLossless(VECTOR_RECEIPT_WIRE);
  if (!r.ok || !isJsonObject(r.value)) throw new Error('fixture');
  return r.value;
})();

describe('receipt_public inputs (reference §8.2 vector)', () => {
  it('recomputes the four field elements and the Poseidon hash of the vector receipt', () => {
    expect(receiptFieldElements(receipt)).toEqual({ ok: true, fields: VECTOR_FIELDS, receiptHash: VECTOR_RECEIPT_HASH });
    expect(poseidonOfFields(VECTOR_FIELDS)).toBe(VECTOR_RECEIPT_HASH);
  });

  it('follows Python for empty strings, float truncation and non-scalar outputs', () => {
    expect(fieldOf('')).toBe(fieldOf('0'));
    const units = (u: number) => receiptFieldElements({ ...receipt, units: pyFloat(u) });
    const f = (s: string) => fieldOf(s).toString();
    expect(units(1.005)).toMatchObject({ fields: [expect.any(String), expect.any(String), expect.any(String), f('1004999')] });
    expect(units(12.3)).toMatchObject({ fields: [expect.any(String), expect.any(String), expect.any(String), f('12300000')] });
    const meta = receipt.metadata as JsonObject;
    const dictOutput = { ...receipt, metadata: { ...meta, result: { output: { a: 1 } } } };
    expect(receiptFieldElements(dictOutput)).toMatchObject({ ok: false });
    const empty = { ...receipt, metadata: { ...meta, result: { output: '', result: 0 } } };
    const hEmpty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(receiptFieldElements(empty)).toMatchObject({ ok: true, fields: [VECTOR_FIELDS[0], VECTOR_FIELDS[1], f(hEmpty), VECTOR_FIELDS[3]] });
  });
});
