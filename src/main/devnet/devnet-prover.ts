import path from 'node:path';
import { isJsonObject, type JsonObject, type JsonValue } from '../../shared/domain/canonical-json';
import { receiptFieldElements } from '../../shared/domain/receipt-field-elements';
import { DEVNET_CIRCUIT_HASH, zkResourcesDir, type Groth16Prover } from './devnet-zk-setup';

/** A `zk_proof` object shaped exactly like the coordinator's (reference §8.3). */
export type DevnetZkProof = {
  proof: JsonValue;
  public_signals: string[];
  receipt: string[];
  circuit: 'receipt_public';
  privacy_level: 'basic';
  circuit_hash: string;
};

/** When the devnet proves a receipt, like `_attach_zk_proof` (§8.4): requested, or payment ≥ threshold (AIT). */
export function devnetProofRequired(constraints: JsonValue, paymentAmount: string | null, thresholdAit = '10'): boolean {
  if (isJsonObject(constraints) && constraints.zk_proof_required === true) return true;
  if (thresholdAit.startsWith('-')) return false;
  if (Number(thresholdAit) === 0) return true;
  if (paymentAmount === null || !/^\d+(\.\d+)?$/.test(paymentAmount)) return false;
  return compareDecimal(paymentAmount, thresholdAit) >= 0;
}

function compareDecimal(a: string, b: string): number {
  const [ai = '0', af = ''] = a.split('.');
  const [bi = '0', bf = ''] = b.split('.');
  const n = Math.max(af.length, bf.length);
  const x = BigInt(ai + af.padEnd(n, '0'));
  const y = BigInt(bi + bf.padEnd(n, '0'));
  return x === y ? 0 : x > y ? 1 : -1;
}

/**
 * Proves a signed devnet receipt with ClawGrid's local `receipt_public` setup (resources/zk/devnet, a LOCAL
 * DEVELOPMENT setup, not a ceremony), in the Groth16 worker. Attach the result as `receipt.zk_proof` with
 * `zk_status: "verified"`; it is not part of the signed payload.
 */
export async function proveReceipt(receipt: JsonObject, engine: Pick<Groth16Prover, 'prove'>, options: { zkDir?: string } = {}): Promise<DevnetZkProof> {
  const inputs = receiptFieldElements(receipt);
  if (!inputs.ok) throw new Error(`Cannot prove this receipt: ${inputs.reason}`);
  const dir = options.zkDir ?? zkResourcesDir();
  const { proof, publicSignals } = await engine.prove(
    { receipt: inputs.fields },
    path.join(dir, 'devnet', 'receipt_public.wasm'),
    path.join(dir, 'devnet', 'receipt_public.zkey'),
  );
  if (publicSignals[0] !== inputs.receiptHash) throw new Error('The devnet circuit produced an unexpected public signal');
  return {
    proof: proof as JsonValue,
    public_signals: publicSignals,
    receipt: [...inputs.fields],
    circuit: 'receipt_public',
    privacy_level: 'basic',
    circuit_hash: DEVNET_CIRCUIT_HASH,
  };
}
