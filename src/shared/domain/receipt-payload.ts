import { canonicalJson, type JsonObject, type JsonValue } from './canonical-json';

/**
 * The bytes an AITBC receipt signature covers (reference aitbc.md §7.2): canonical_json(P), P = the receipt
 * minus the keys added after signing (ten at c27c654, twelve since v0.25: aitbc-v0.25.md §1 D). Pure code: the
 * devnet signs these bytes, proofs verifies them. Receipts of either version verify with the same list: a
 * c27c654 coordinator never adds the two newer keys.
 */

/** The twelve top-level keys the coordinator adds after signing (§7.2 + v0.25 §1 D); every other key is signed. */
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
  // v0.25: set by submit_result after create_receipt (routers/miner.py), never signed.
  'computation_correct',
  'receipt_binding_proof',
] as const;

/** `{alg, key_id, sig}` as it appears in `receipt.signature` and `receipt.attestations[]`. */
export type ReceiptSignature = {
  alg: 'Ed25519';
  /** base64url (no padding) of the raw 32-byte public key. */
  key_id: string;
  /** base64url (no padding) of the 64-byte signature. */
  sig: string;
};

export function base64UrlEncode(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes base64url with or without padding; null when the text is not base64url. */
export function base64UrlDecode(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return null;
  const b64 = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  // Like Buffer.from(…, 'base64'): a dangling sixth bit group decodes to nothing rather than failing.
  const usable = b64.length % 4 === 1 ? b64.slice(0, -1) : b64;
  const bin = atob(usable + '='.repeat((4 - (usable.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** P of §7.2: the receipt without the twelve keys added after signing (any other key stays and is signed). */
export function signedPayload(receipt: JsonObject): JsonObject {
  const out: Record<string, JsonValue> = {};
  const skip = new Set<string>(UNSIGNED_RECEIPT_KEYS);
  for (const key of Object.keys(receipt)) {
    if (!skip.has(key)) Object.defineProperty(out, key, { value: receipt[key], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The exact bytes the coordinator signs: UTF-8 (pure ASCII) of canonical_json(P). */
export function receiptSigningBytes(receipt: JsonObject): Uint8Array {
  return new TextEncoder().encode(canonicalJson(signedPayload(receipt)));
}
