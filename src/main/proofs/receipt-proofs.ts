import { isJsonObject, type JsonObject, type JsonValue } from '../../shared/domain/canonical-json';
import { checkModelProof } from './model-proof-check';
import type { ZkEngine } from './zk-engine';
import type { ZkKeyInfo } from './zk-keys';
import { checkZkProof, type ZkCheck } from './zk-proof-check';

/**
 * Every proof a receipt carries, each checked by its circuit against its own pinned key (aitbc-v0.25.md §1 E):
 * `zk_proof` is `receipt_public` (c27c654, devnet) or `receipt_model` (v0.25 hub); `receipt_binding_proof`
 * (v0.25) is always the `receipt_public` proof of THIS receipt.
 */

/** The keys proofs are checked against, one per circuit. */
export interface ProofKeys {
  receiptPublic: ZkKeyInfo;
  receiptModel: ZkKeyInfo;
}

/** The circuit a proof object declares; a proof without `circuit` (older shape) is receipt_public. */
export function declaredCircuit(zkProof: JsonValue): string {
  return isJsonObject(zkProof) && typeof zkProof.circuit === 'string' ? zkProof.circuit : 'receipt_public';
}

/** Checks a `zk_proof` by its declared circuit; an unknown circuit is checked as receipt_public and fails. */
export function checkProofByCircuit(zkProof: JsonValue, keys: ProofKeys, engine: ZkEngine, receipt?: JsonObject): Promise<ZkCheck> {
  return declaredCircuit(zkProof) === 'receipt_model' ? checkModelProof(zkProof, keys.receiptModel, engine, receipt) : checkZkProof(zkProof, keys.receiptPublic, engine, receipt);
}

/** Results per attached proof; null where the receipt carries none. */
export interface ReceiptProofsCheck {
  zkProof: ZkCheck | null;
  bindingProof: ZkCheck | null;
}

const present = (v: JsonValue | undefined): v is JsonValue => v !== undefined && v !== null;

/** Checks `zk_proof` and `receipt_binding_proof` of a receipt (in parallel: the engine batches them). */
export async function checkReceiptProofs(receipt: JsonObject, keys: ProofKeys, engine: ZkEngine): Promise<ReceiptProofsCheck> {
  const zk = present(receipt.zk_proof) ? checkProofByCircuit(receipt.zk_proof, keys, engine, receipt) : null;
  // The binding proof must be receipt_public whatever it claims: checkZkProof refuses any other declared circuit.
  const binding = present(receipt.receipt_binding_proof) ? checkZkProof(receipt.receipt_binding_proof, keys.receiptPublic, engine, receipt) : null;
  return { zkProof: zk ? await zk : null, bindingProof: binding ? await binding : null };
}

/** Both proofs pass (each one present is valid). */
export function allProofsValid(c: ReceiptProofsCheck): boolean {
  return (c.zkProof?.valid ?? true) && (c.bindingProof?.valid ?? true);
}
