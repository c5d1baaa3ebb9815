import type { JsonValue } from '../../shared/domain/canonical-json';
import type { ReceiptVerdict } from '../network/escrow-payment';
import { allProofsValid, checkReceiptProofs } from '../proofs/receipt-proofs';
import { verifyReceiptSignature } from '../proofs/receipt-signature';
import { ZK_KEYS, zkKeyForNetwork } from '../proofs/zk-keys';
import type { ZkEngine } from '../proofs/zk-engine';

/**
 * Joins network and proofs: the verdict the network runtime needs before it accepts a v0.25 payment. The
 * signature is checked against the receipt key proofs pins for the active network (the devnet's automatically, a
 * hub's as the person pinned it — never the devnet's key for another network, which would reject every real
 * receipt and dispute every payment); every attached proof by its circuit. With no pinned key the verdict is
 * "cannot tell" (the acceptance window is left to run), never "valid".
 */
export function networkReceiptVerdict(receiptKey: (network: string) => Uint8Array | null, network: () => string, engine: ZkEngine): (receipt: unknown) => Promise<ReceiptVerdict> {
  return async (receipt) => {
    const key = receiptKey(network());
    if (!key) return { ok: null, reason: 'no receipt key is pinned for this network' };
    const sig = verifyReceiptSignature(receipt as JsonValue, key);
    if (!sig.valid) return { ok: false, reason: sig.reason };
    const proofs = await checkReceiptProofs(receipt as never, { receiptPublic: zkKeyForNetwork(network()), receiptModel: ZK_KEYS.aitbc_model }, engine);
    if (!allProofsValid(proofs)) return { ok: false, reason: 'an attached ZK proof does not verify' };
    return { ok: true };
  };
}
