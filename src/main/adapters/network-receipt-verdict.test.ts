import { describe, expect, it } from 'vitest';
import { isJsonObject, parseJsonLossless } from '../../shared/domain/canonical-json';
import { VECTOR_PUBKEY_HEX, VECTOR_RECEIPT_WIRE } from '../../../test-support/proofs/receipt-vector';
import type { ZkEngine } from '../proofs/port';
import { networkReceiptVerdict } from './network-receipt-verdict';

const parsed = parseJsonLossless(VECTOR_RECEIPT_WIRE);
if (!parsed.ok || !isJsonObject(parsed.value)) throw new Error('bad fixture');
const receipt = parsed.value;
const hubKey = new Uint8Array(Buffer.from(VECTOR_PUBKEY_HEX, 'hex'));
const otherKey = new Uint8Array(32).fill(7);
const noZk = {} as ZkEngine; // the vector carries no proof: the engine is never asked

describe('the receipt verdict before a payment is accepted', () => {
  it("checks against the key pinned for the active network, not the devnet's", async () => {
    const asked: string[] = [];
    const keys: Record<string, Uint8Array> = { devnet: otherKey, 'https://hub.example': hubKey };
    const verdict = networkReceiptVerdict((n) => (asked.push(n), keys[n] ?? null), () => 'https://hub.example', noZk);
    await expect(verdict(receipt)).resolves.toEqual({ ok: true });
    expect(asked).toEqual(['https://hub.example']);
  });

  it('no key pinned for the network: "cannot tell" (the window runs), never valid and never a dispute', async () => {
    const verdict = networkReceiptVerdict(() => null, () => 'https://hub.example', noZk);
    await expect(verdict(receipt)).resolves.toMatchObject({ ok: null });
  });

  it('signed by someone else than the pinned key: invalid, with the reason', async () => {
    const verdict = networkReceiptVerdict(() => otherKey, () => 'devnet', noZk);
    const v = await verdict(receipt);
    expect(v.ok).toBe(false);
    expect(v).toHaveProperty('reason');
  });
});
