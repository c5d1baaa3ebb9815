import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { JsonObject } from '../../shared/domain/canonical-json';
import { base64UrlEncode, receiptSigningBytes, type ReceiptSignature } from '../../shared/domain/receipt-payload';

/** The coordinator's half of §7.2: Ed25519-sign canonical_json(P) with `RECEIPT_SIGNING_KEY_HEX` (server code). */

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function seedBytesOf(seed: Uint8Array | string): Uint8Array {
  return typeof seed === 'string' ? new Uint8Array(Buffer.from(seed, 'hex')) : seed;
}

function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(seed)]), format: 'der', type: 'pkcs8' });
}

/** The raw 32-byte public key for a 32-byte seed (what `RECEIPT_SIGNING_KEY_HEX` holds). */
export function publicKeyFromSeed(seed: Uint8Array | string): Uint8Array {
  const der = createPublicKey(privateKeyFromSeed(seedBytesOf(seed))).export({ format: 'der', type: 'spki' });
  return new Uint8Array(der.subarray(der.length - 32));
}

/** Signs a receipt (or its payload) like the coordinator; `seed` is the 32-byte Ed25519 seed (bytes or hex). */
export function signReceipt(receipt: JsonObject, seed: Uint8Array | string): ReceiptSignature {
  const seedBytes = seedBytesOf(seed);
  if (seedBytes.length !== 32) throw new Error('Ed25519 seed must be 32 bytes');
  const sig = sign(null, receiptSigningBytes(receipt), privateKeyFromSeed(seedBytes));
  return { alg: 'Ed25519', key_id: base64UrlEncode(publicKeyFromSeed(seedBytes)), sig: base64UrlEncode(sig) };
}
