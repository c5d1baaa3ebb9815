import { isJsonObject, type JsonObject } from '../../shared/domain/canonical-json';
import type { CoordinatorClaims } from '../../shared/contract/proofs';

/**
 * The coordinator's UNSIGNED statements about a receipt (`computation_correct`, `zk_status`, `tee_status`, added
 * after signing: aitbc-v0.25.md §1 D): shown as claims, never as verified facts. Whoever relays the receipt
 * can change them without breaking the signature.
 */

const MEANINGS: Record<string, string> = {
  verified: 'The coordinator says it made (and, when its verification is on, checked) a proof.',
  not_required: 'The coordinator says no proof was required for this job.',
  unsupported_model:
    'The coordinator made no model proof: the job’s model is not in its receipt_model registry (only the toy model "linear-1" is); every real LLM job gets this.',
  computation_incorrect: 'The coordinator says its model proof check failed.',
  public_signal_mismatch: 'The coordinator says the model proof’s public signals differed from the inputs it recomputed.',
  tee_attested: 'The coordinator says a registered enclave attested the job (simulated TEE on the live hub); no ZK proof covers that.',
  service_unavailable: 'The coordinator’s proving service was unavailable: no proof.',
  generation_failed: 'The coordinator failed to generate a proof.',
};

/** What a zk_status value means, as the coordinator uses it (prefixes `error: …`, `verification_failed: …` included). */
export function zkStatusMeaning(zkStatus: string | null): string | null {
  if (zkStatus === null) return null;
  const known = MEANINGS[zkStatus];
  if (known) return known;
  if (zkStatus.startsWith('error')) return 'The coordinator reports an error while proving.';
  if (zkStatus.startsWith('verification_failed')) return 'The coordinator says its own verification of the proof failed.';
  return 'A zk_status this version of ClawGrid does not know.';
}

/** Reads the unsigned claims off a receipt (null where absent: c27c654 receipts have no computation_correct). */
export function coordinatorClaims(receipt: JsonObject | null): CoordinatorClaims {
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  if (!receipt || !isJsonObject(receipt)) return { computationCorrect: null, zkStatus: null, zkStatusMeaning: null, teeStatus: null };
  const zkStatus = str(receipt.zk_status);
  return {
    computationCorrect: typeof receipt.computation_correct === 'boolean' ? receipt.computation_correct : null,
    zkStatus,
    zkStatusMeaning: zkStatusMeaning(zkStatus),
    teeStatus: str(receipt.tee_status),
  };
}
