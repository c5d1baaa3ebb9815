import { z } from 'zod';
import { toPlainJson, type JsonObject, type JsonValue } from '../../shared/domain/canonical-json';
import type { ZkEngine } from './zk-engine';
import { receiptFieldElements, poseidonOfFields } from '../../shared/domain/receipt-field-elements';
import type { ZkKeyInfo } from './zk-keys';

const dec = z.string().regex(/^\d{1,80}$/);
/** A snarkjs Groth16 bn128 proof object (both circuits). */
export const groth16ProofSchema = z.object({
  pi_a: z.array(dec).length(3),
  pi_b: z.array(z.array(dec).length(2)).length(3),
  pi_c: z.array(dec).length(3),
  protocol: z.literal('groth16'),
  curve: z.literal('bn128'),
});
/** Decimal field-element strings, as snarkjs writes public signals. */
export const decimalSignal = dec;
/** A stored `receipt_public` proof (reference §8.3; `zk_proof` or v0.25 `receipt_binding_proof`); unknown extra keys are kept out of the check. */
export const zkProofSchema = z.object({
  proof: groth16ProofSchema,
  public_signals: z.array(dec).length(1),
  receipt: z.array(dec).length(4).optional(),
  circuit: z.string().optional(),
  privacy_level: z.string().optional(),
  circuit_hash: z.string().optional(),
});
export type ZkProof = z.infer<typeof zkProofSchema>;

/** How the proof relates to the receipt it came with. */
export type ZkBinding = 'matches' | 'mismatch' | 'cannot_recompute' | 'no_receipt';

/** Outcome of the §8.5 local verification, with what the UI shows in its details drawer. */
export interface ZkCheck {
  valid: boolean;
  reason: string;
  keyName: string;
  publicSignal: string | null;
  /** Poseidon(4) of the field elements recomputed from the receipt (null when not recomputable). */
  recomputedHash: string | null;
  binding: ZkBinding;
  circuitHash: string | null;
  /** False when circuit_hash differs from the key's known proving key (informational, §8.5 step 4). */
  circuitHashMatches: boolean | null;
  /** The circuit the proof was checked as. */
  circuit: 'receipt_public' | 'receipt_model';
}

/**
 * §8.5: Groth16 against the pinned key (in the worker), Poseidon(receipt[]) = public signal, and, whenever the
 * receipt is known, the four elements recomputed from it equal the proof's: the proof is about THIS receipt.
 */
export async function checkZkProof(zkProof: JsonValue, key: ZkKeyInfo, engine: ZkEngine, receipt?: JsonObject): Promise<ZkCheck> {
  const base = { keyName: key.name, publicSignal: null, recomputedHash: null, circuitHash: null, circuitHashMatches: null, circuit: 'receipt_public' as const };
  const parsed = zkProofSchema.safeParse(toPlainJson(zkProof));
  if (!parsed.success) return { ...base, valid: false, reason: 'The proof object is malformed (not a Groth16 bn128 receipt_public proof with one public signal).', binding: receipt ? 'mismatch' : 'no_receipt' };
  if (parsed.data.circuit !== undefined && parsed.data.circuit !== 'receipt_public') {
    return { ...base, valid: false, reason: `The proof says it is a ${JSON.stringify(parsed.data.circuit)} proof, checked here as receipt_public.`, binding: receipt ? 'mismatch' : 'no_receipt' };
  }
  const p = parsed.data;
  const publicSignal = p.public_signals[0] ?? null;
  const circuitHash = p.circuit_hash ?? null;
  const common = { ...base, publicSignal, circuitHash, circuitHashMatches: circuitHash && key.circuitHash ? circuitHash === key.circuitHash : null };

  let binding: ZkBinding = 'no_receipt';
  let recomputedHash: string | null = null;
  if (receipt) {
    const r = receiptFieldElements(receipt);
    if (!r.ok) binding = 'cannot_recompute';
    else {
      recomputedHash = r.receiptHash;
      binding = r.receiptHash === publicSignal && (!p.receipt || p.receipt.every((f, i) => f === r.fields[i])) ? 'matches' : 'mismatch';
    }
  }
  const withBinding = { ...common, binding, recomputedHash };

  const verified = await engine.verify(key.vk, p.public_signals, p.proof);
  if (!verified.valid) {
    return { ...withBinding, valid: false, reason: verified.error ? `The proof could not be checked: ${verified.error}` : `The Groth16 proof does not verify against ${key.label}.` };
  }
  // When bound, the published elements equal the recomputed ones, whose Poseidon hash IS the public signal.
  if (p.receipt && binding !== 'matches' && poseidonOfFields(p.receipt) !== publicSignal) {
    return { ...withBinding, valid: false, reason: "The proof's published field elements do not hash to its public signal." };
  }
  if (binding === 'mismatch') {
    return { ...withBinding, valid: false, reason: "The proof is valid but about a different receipt: its public signal does not match the hash recomputed from this receipt's fields." };
  }
  const note = binding === 'cannot_recompute' ? ' (this receipt’s fields could not be recomputed, so the proof is not tied to it)' : '';
  return { ...withBinding, valid: true, reason: `The Groth16 proof verifies against ${key.label}${note}.` };
}
