import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { isJsonObject, type JsonValue } from '../../shared/domain/canonical-json';
import { base64UrlDecode, base64UrlEncode, receiptSigningBytes } from '../../shared/domain/receipt-payload';

/**
 * Ed25519 receipt signatures exactly as the AITBC coordinator makes them (reference aitbc.md §7.2–7.4):
 * the signature covers canonical_json(P), P = the receipt minus the twelve keys added after signing (UNSIGNED_RECEIPT_KEYS).
 */

/** Why a receipt signature did not verify, as a value. */
export type SignatureFailureCode = 'NOT_A_RECEIPT' | 'MISSING_SIGNATURE' | 'BAD_ALGORITHM' | 'KEY_MISMATCH' | 'MALFORMED_SIGNATURE' | 'BAD_SIGNATURE' | 'BAD_KEY';

/** Outcome of `verifyReceiptSignature`. */
export type SignatureCheck = { valid: true; keyId: string } | { valid: false; code: SignatureFailureCode; reason: string };

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Parses a 32-byte Ed25519 key given as 64 hex characters or base64url (43 chars, padding optional). */
export function parseEd25519Key(text: string): Uint8Array | null {
  const t = text.trim();
  if (/^(0x)?[0-9a-fA-F]{64}$/.test(t)) return new Uint8Array(Buffer.from(t.replace(/^0x/, ''), 'hex'));
  const bytes = base64UrlDecode(t);
  return bytes && bytes.length === 32 ? bytes : null;
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

function checkOne(signature: JsonValue, message: Uint8Array, pinned: Uint8Array, what: string): SignatureCheck {
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
