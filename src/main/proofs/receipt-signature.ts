import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, isJsonObject, type JsonObject, type JsonValue } from '../../shared/domain/canonical-json';

/**
 * Ed25519 receipt signatures exactly as the AITBC coordinator makes them (reference aitbc.md §7.2–7.4):
 * the signature covers canonical_json(P), P = the receipt minus the ten keys added after signing.
 */

/** The ten top-level keys the coordinator adds after signing (§7.2); every other key is signed. */
export const UNSIGNED_RECEIPT_KEYS = [
  'signature',
  'attestations',
  'zk_status',
  'zk_proof',
  'tee_status',
  'tee_attestation_id',
  'tee_quote',
  'reinvest_status',
  'reinvest_stake_id',
  'reinvest_amount',
] as const;

/** `{alg, key_id, sig}` as it appears in `receipt.signature` and `receipt.attestations[]`. */
export type ReceiptSignature = {
  alg: 'Ed25519';
  /** base64url (no padding) of the raw 32-byte public key. */
  key_id: string;
  /** base64url (no padding) of the 64-byte signature. */
  sig: string;
};

/** Why a receipt signature did not verify, as a value. */
export type SignatureFailureCode = 'NOT_A_RECEIPT' | 'MISSING_SIGNATURE' | 'BAD_ALGORITHM' | 'KEY_MISMATCH' | 'MALFORMED_SIGNATURE' | 'BAD_SIGNATURE' | 'BAD_KEY';

/** Outcome of `verifyReceiptSignature`. */
export type SignatureCheck = { valid: true; keyId: string } | { valid: false; code: SignatureFailureCode; reason: string };

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function base64UrlEncode(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes base64url with or without padding; null when the text is not base64url. */
export function base64UrlDecode(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return null;
  return new Uint8Array(Buffer.from(text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

/** Parses a 32-byte Ed25519 key given as 64 hex characters or base64url (43 chars, padding optional). */
export function parseEd25519Key(text: string): Uint8Array | null {
  const t = text.trim();
  if (/^(0x)?[0-9a-fA-F]{64}$/.test(t)) return new Uint8Array(Buffer.from(t.replace(/^0x/, ''), 'hex'));
  const bytes = base64UrlDecode(t);
  return bytes && bytes.length === 32 ? bytes : null;
}

function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(seed)]), format: 'der', type: 'pkcs8' });
}

const publicKeys = new Map<string, KeyObject>();

/** Pinned keys are few and reused for every receipt: build each KeyObject once. */
function publicKeyObject(raw: Uint8Array): KeyObject {
  const hex = Buffer.from(raw).toString('hex');
  let key = publicKeys.get(hex);
  if (!key) {
    key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(raw)]), format: 'der', type: 'spki' });
    if (publicKeys.size > 64) publicKeys.clear();
    publicKeys.set(hex, key);
  }
  return key;
}

/** The raw 32-byte public key for a 32-byte seed (what `RECEIPT_SIGNING_KEY_HEX` holds). */
export function publicKeyFromSeed(seed: Uint8Array | string): Uint8Array {
  const seedBytes = typeof seed === 'string' ? Buffer.from(seed, 'hex') : seed;
  const der = createPublicKey(privateKeyFromSeed(seedBytes)).export({ format: 'der', type: 'spki' });
  return new Uint8Array(der.subarray(der.length - 32));
}

/** P of §7.2: the receipt without the ten keys added after signing (any other key stays and is signed). */
export function signedPayload(receipt: JsonObject): JsonObject {
  const out: Record<string, JsonValue> = {};
  const skip = new Set<string>(UNSIGNED_RECEIPT_KEYS);
  for (const key of Object.keys(receipt)) {
    if (!skip.has(key)) Object.defineProperty(out, key, { value: receipt[key], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The exact bytes the coordinator signs: UTF-8 (pure ASCII) of canonical_json(P). */
export function receiptSigningBytes(receipt: JsonObject): Buffer {
  return Buffer.from(canonicalJson(signedPayload(receipt)), 'utf8');
}

/** Signs a receipt (or its payload) like the coordinator; `seed` is the 32-byte Ed25519 seed (bytes or hex). */
export function signReceipt(receipt: JsonObject, seed: Uint8Array | string): ReceiptSignature {
  const seedBytes = typeof seed === 'string' ? new Uint8Array(Buffer.from(seed, 'hex')) : seed;
  if (seedBytes.length !== 32) throw new Error('Ed25519 seed must be 32 bytes');
  const sig = sign(null, receiptSigningBytes(receipt), privateKeyFromSeed(seedBytes));
  return { alg: 'Ed25519', key_id: base64UrlEncode(publicKeyFromSeed(seedBytes)), sig: base64UrlEncode(sig) };
}

function checkOne(signature: JsonValue, message: Buffer, pinned: Uint8Array, what: string): SignatureCheck {
  if (!isJsonObject(signature)) return { valid: false, code: 'MISSING_SIGNATURE', reason: `The receipt carries no ${what}.` };
  const { alg, key_id: keyId, sig } = signature;
  if (alg !== 'Ed25519') return { valid: false, code: 'BAD_ALGORITHM', reason: `The ${what} algorithm is ${JSON.stringify(String(alg))}, expected "Ed25519".` };
  const pinnedId = base64UrlEncode(pinned);
  if (keyId !== pinnedId) {
    return { valid: false, code: 'KEY_MISMATCH', reason: `The ${what} was made with key ${String(keyId)}, not the pinned key ${pinnedId}.` };
  }
  const sigBytes = typeof sig === 'string' ? base64UrlDecode(sig) : null;
  if (!sigBytes || sigBytes.length !== 64) return { valid: false, code: 'MALFORMED_SIGNATURE', reason: `The ${what} is not a 64-byte base64url value.` };
  let ok: boolean;
  try {
    ok = verify(null, message, publicKeyObject(pinned), sigBytes);
  } catch {
    return { valid: false, code: 'BAD_KEY', reason: 'The pinned key is not a usable Ed25519 public key.' };
  }
  return ok ? { valid: true, keyId: pinnedId } : { valid: false, code: 'BAD_SIGNATURE', reason: `The ${what} does not match the receipt's contents: the receipt was altered or signed by someone else.` };
}

/**
 * Verifies `receipt.signature` against the PINNED coordinator key (never the embedded key_id alone), §7.4 steps 1–3.
 * With `attestationKey`, every entry of `receipt.attestations` must also verify against that key.
 */
export function verifyReceiptSignature(
  receipt: JsonValue,
  pinned: Uint8Array | string,
  options: { attestationKey?: Uint8Array | string } = {},
): SignatureCheck {
  if (!isJsonObject(receipt)) return { valid: false, code: 'NOT_A_RECEIPT', reason: 'The receipt is not a JSON object.' };
  const pinnedKey = typeof pinned === 'string' ? parseEd25519Key(pinned) : pinned;
  if (!pinnedKey || pinnedKey.length !== 32) return { valid: false, code: 'BAD_KEY', reason: 'The pinned key must be 32 bytes (64 hex characters or base64url).' };
  const attestationKey = typeof options.attestationKey === 'string' ? parseEd25519Key(options.attestationKey) : options.attestationKey;
  if (options.attestationKey !== undefined && (!attestationKey || attestationKey.length !== 32)) {
    return { valid: false, code: 'BAD_KEY', reason: 'The attestation key must be 32 bytes (64 hex characters or base64url).' };
  }
  const message = receiptSigningBytes(receipt);
  const main = checkOne(receipt.signature, message, pinnedKey, 'signature');
  if (!main.valid || !attestationKey) return main;
  const attestations = receipt.attestations;
  if (!Array.isArray(attestations) || attestations.length === 0) {
    return { valid: false, code: 'MISSING_SIGNATURE', reason: 'An attestation key was given but the receipt carries no attestations.' };
  }
  for (const a of attestations as readonly JsonValue[]) {
    const check = checkOne(a, message, attestationKey, 'attestation');
    if (!check.valid) return check;
  }
  return main;
}
