import { isJsonObject, parseJsonLossless, type JsonObject, type JsonValue } from '../../src/shared/domain/canonical-json';
import { VECTOR_RECEIPT_WIRE } from './receipt-vector';

/**
 * AITBC v0.25-shaped receipts (aitbc-v0.25.md §1 D/E): the §7.5 vector receipt, signed exactly as before, with the
 * keys submit_result adds AFTER signing (computation_correct, receipt_binding_proof, a receipt_model zk_proof).
 */

/** The c27c654 vector receipt (signature + zk_status + a null reinvest_status), parsed losslessly. */
export function vectorReceipt(): JsonObject {
  const r = parseJsonLossless(VECTOR_RECEIPT_WIRE);
  if (!r.ok || !isJsonObject(r.value)) throw new Error('fixture');
  return r.value;
}

/** The hub's v0.25 shape for a real LLM job: no model proof possible, computation_correct false. */
export function v025UnsupportedModelReceipt(): JsonObject {
  return { ...vectorReceipt(), zk_status: 'unsupported_model', computation_correct: false };
}

/** A v0.25 receipt carrying the given proofs (zk_status "verified", computation_correct true). */
export function v025ReceiptWithProofs(zkProof: JsonValue, bindingProof?: JsonValue): JsonObject {
  const r: JsonObject = { ...vectorReceipt(), zk_status: 'verified', computation_correct: true, zk_proof: zkProof };
  return bindingProof === undefined ? r : { ...r, receipt_binding_proof: bindingProof };
}
