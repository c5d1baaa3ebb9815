import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isJsonObject, parseJsonLossless, pyFloat, type JsonObject, type JsonValue } from '../../shared/domain/canonical-json';
import { VECTOR_CANONICAL_SHA256, VECTOR_PAYLOAD_WIRE, VECTOR_PUBKEY_HEX, VECTOR_RECEIPT_WIRE, VECTOR_SEED_HEX, VECTOR_SIGNATURE } from '../../../test-support/proofs/receipt-vector';
import { base64UrlEncode, receiptSigningBytes } from '../../shared/domain/receipt-payload';
import { publicKeyFromSeed, signReceipt } from '../devnet/receipt-signer';
import { parseEd25519Key, verifyReceiptSignature } from './receipt-signature';

function obj(text: string): JsonObject {
  const r = parseJsonLossless(text);
  if (!r.ok || !isJsonObject(r.value)) throw new Error('bad fixture');
  return r.value;
}

const with_ = (o: JsonObject, key: string, value: JsonValue): JsonObject => ({ ...o, [key]: value });

describe('receipt signatures (reference §7.5 vector)', () => {
  const receipt = obj(VECTOR_RECEIPT_WIRE);

  it('signs the vector payload to the published signature with the published key', () => {
    expect(Buffer.from(publicKeyFromSeed(VECTOR_SEED_HEX)).toString('hex')).toBe(VECTOR_PUBKEY_HEX);
    expect(createHash('sha256').update(receiptSigningBytes(obj(VECTOR_PAYLOAD_WIRE))).digest('hex')).toBe(VECTOR_CANONICAL_SHA256);
    expect(signReceipt(obj(VECTOR_PAYLOAD_WIRE), VECTOR_SEED_HEX)).toEqual(VECTOR_SIGNATURE);
  });

  it('verifies the coordinator receipt against the pinned key in hex or base64url', () => {
    expect(verifyReceiptSignature(receipt, VECTOR_PUBKEY_HEX)).toEqual({ valid: true, keyId: VECTOR_SIGNATURE.key_id });
    expect(verifyReceiptSignature(receipt, VECTOR_SIGNATURE.key_id).valid).toBe(true);
  });

  it('fails when any signed field, nested or top-level, is tampered with', () => {
    const tamper: Array<[string, (r: JsonObject) => JsonObject]> = [];
    for (const key of Object.keys(obj(VECTOR_PAYLOAD_WIRE))) {
      tamper.push([key, (r) => with_(r, key, key === 'units' ? 12 : key === 'completed_at' ? 1755800001 : key === 'metadata' ? {} : 'x')]);
    }
    tamper.push(['units int instead of float', (r) => with_(r, 'units', 12)]);
    tamper.push(['price float change', (r) => with_(r, 'price', pyFloat(0.25))]);
    tamper.push(['metadata.result.output', (r) => with_(r, 'metadata', { ...(r.metadata as JsonObject), result: { ...((r.metadata as JsonObject).result as JsonObject), output: 'Hallo?' } })]);
    tamper.push(['extra top-level key', (r) => with_(r, 'bonus', 1)]);
    tamper.push(['removed key', (r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'provider')) as JsonObject]);
    for (const [what, fn] of tamper) {
      const check = verifyReceiptSignature(fn(receipt), VECTOR_PUBKEY_HEX);
      expect(check, what).toMatchObject({ valid: false, code: 'BAD_SIGNATURE' });
    }
  });

  it('ignores the ten unsigned keys but rejects a foreign key and a bad signature', () => {
    const extras = with_(with_(receipt, 'zk_proof', { circuit: 'x' }), 'tee_quote', 'q');
    expect(verifyReceiptSignature(extras, VECTOR_PUBKEY_HEX).valid).toBe(true);
    const otherKey = base64UrlEncode(publicKeyFromSeed('11'.repeat(32)));
    expect(verifyReceiptSignature(receipt, otherKey)).toMatchObject({ valid: false, code: 'KEY_MISMATCH' });
    const forged = with_(receipt, 'signature', { ...VECTOR_SIGNATURE, sig: VECTOR_SIGNATURE.sig.replace('DG2', 'DG3') });
    expect(verifyReceiptSignature(forged, VECTOR_PUBKEY_HEX)).toMatchObject({ valid: false, code: 'BAD_SIGNATURE' });
    expect(verifyReceiptSignature(with_(receipt, 'signature', null), VECTOR_PUBKEY_HEX)).toMatchObject({ valid: false, code: 'MISSING_SIGNATURE' });
    expect(verifyReceiptSignature(with_(receipt, 'signature', { ...VECTOR_SIGNATURE, alg: 'RSA' }), VECTOR_PUBKEY_HEX)).toMatchObject({ code: 'BAD_ALGORITHM' });
  });

  it('checks attestations against a separate key when one is given', () => {
    const attSeed = '22'.repeat(32);
    const att = signReceipt(receipt, attSeed);
    const attKey = publicKeyFromSeed(attSeed);
    expect(verifyReceiptSignature(with_(receipt, 'attestations', [att]), VECTOR_PUBKEY_HEX, { attestationKey: attKey }).valid).toBe(true);
    expect(verifyReceiptSignature(receipt, VECTOR_PUBKEY_HEX, { attestationKey: attKey })).toMatchObject({ valid: false, code: 'MISSING_SIGNATURE' });
    expect(verifyReceiptSignature(with_(receipt, 'attestations', [VECTOR_SIGNATURE]), VECTOR_PUBKEY_HEX, { attestationKey: attKey })).toMatchObject({ valid: false, code: 'KEY_MISMATCH' });
  });

  it('parses keys as hex or base64url only', () => {
    expect(parseEd25519Key(VECTOR_PUBKEY_HEX)).toEqual(parseEd25519Key(VECTOR_SIGNATURE.key_id));
    expect(parseEd25519Key('abc')).toBeNull();
  });
});
