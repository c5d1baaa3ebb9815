import { z } from 'zod';
import { toPlainJson, type JsonObject, type JsonValue } from '../../shared/domain/canonical-json';
import { expectedModelSignals } from './model-public-inputs';
import type { ZkEngine } from './zk-engine';
import type { ZkKeyInfo } from './zk-keys';
import { decimalSignal, groth16ProofSchema, type ZkBinding, type ZkCheck } from './zk-proof-check';

/** A v0.25 `zk_proof` of circuit `receipt_model` (aitbc-v0.25.md §1 E): exactly 4 public signals. */
export const modelProofSchema = z.object({
  proof: groth16ProofSchema,
  public_signals: z.array(decimalSignal).length(4),
  circuit: z.literal('receipt_model'),
  circuit_hash: z.string().optional(),
  model_id: z.union([z.number(), z.string()]).optional(),
  model_name: z.string().optional(),
});

const SIGNAL_NAMES = ['input_hash', 'model_hash', 'output_hash', 'model_id'] as const;
const describe = (signals: readonly string[]): string => signals.map((s, i) => `${SIGNAL_NAMES[i] ?? i}=${s}`).join(', ');

/**
 * Checks a receipt_model proof: shape (4 signals), Groth16 against the receipt_model key, and, when the receipt's
 * model is registered, that the signals equal those recomputed from its prompt (a proof from another job fails).
 */
export async function checkModelProof(zkProof: JsonValue, key: ZkKeyInfo, engine: ZkEngine, receipt?: JsonObject): Promise<ZkCheck> {
  const base = { keyName: key.name, publicSignal: null, recomputedHash: null, circuitHash: null, circuitHashMatches: null, circuit: 'receipt_model' as const };
  const parsed = modelProofSchema.safeParse(toPlainJson(zkProof));
  if (!parsed.success) {
    return { ...base, valid: false, reason: 'The proof object is malformed (not a Groth16 bn128 receipt_model proof with 4 public signals).', binding: receipt ? 'mismatch' : 'no_receipt' };
  }
  if (key.nPublic !== 4) return { ...base, valid: false, reason: `A receipt_model proof needs a 4-signal key; ${key.label} has ${key.nPublic}.`, binding: receipt ? 'mismatch' : 'no_receipt' };
  const p = parsed.data;
  const circuitHash = p.circuit_hash ?? null;
  let binding: ZkBinding = 'no_receipt';
  let recomputed: string | null = null;
  let unboundWhy = '';
  if (receipt) {
    const expected = expectedModelSignals(receipt);
    if (!expected.ok) {
      binding = 'cannot_recompute';
      unboundWhy = expected.reason;
    } else {
      recomputed = describe(expected.signals);
      binding = expected.signals.every((s, i) => s === p.public_signals[i]) ? 'matches' : 'mismatch';
    }
  }
  const common = {
    ...base,
    publicSignal: describe(p.public_signals),
    recomputedHash: recomputed,
    circuitHash,
    circuitHashMatches: circuitHash && key.circuitHash ? circuitHash === key.circuitHash : null,
    binding,
  };
  const verified = await engine.verify(key.vk, p.public_signals, p.proof);
  if (!verified.valid) {
    return { ...common, valid: false, reason: verified.error ? `The proof could not be checked: ${verified.error}` : `The Groth16 proof does not verify against ${key.label}.` };
  }
  if (binding === 'mismatch') {
    return { ...common, valid: false, reason: "The receipt_model proof is valid but about another job: its public signals differ from those recomputed from this receipt's prompt and model." };
  }
  const note = binding === 'cannot_recompute' ? ` (not tied to this receipt: ${unboundWhy})` : '';
  return { ...common, valid: true, reason: `The receipt_model Groth16 proof verifies against ${key.label}${note}.` };
}
