import aitbcModelVk from '../../../resources/zk/aitbc/receipt_model.verification_key.json';
import aitbcVk from '../../../resources/zk/aitbc/receipt_public.verification_key.json';
import devnetManifest from '../../../resources/zk/devnet/manifest.json';
import devnetVk from '../../../resources/zk/devnet/verification_key.json';

/** Which Groth16 key a proof is checked against: AITBC's real ones (hub; receipt_public and, since v0.25, receipt_model) or ClawGrid's local devnet setup. */
export type ZkKeyName = 'aitbc' | 'aitbc_model' | 'devnet';

/** The circuits a hub receipt's proofs come from (zk_proof.circuit). */
export type ZkCircuit = 'receipt_public' | 'receipt_model';

/** A verification key with what the user is told about it. */
export interface ZkKeyInfo {
  name: ZkKeyName | 'custom';
  label: string;
  vk: unknown;
  /** sha256 of the proving key the proofs come from (`zk_proof.circuit_hash`), when known. */
  circuitHash: string | null;
  /** Number of public signals the key expects (nPublic). */
  nPublic: number;
}

/** AITBC's proving key hash (reference §8.1): `zk_proof.circuit_hash` of genuine hub proofs. */
export const AITBC_CIRCUIT_HASH = '9c780c45716ee8e2925ae7d922fffbc21cfc4546486d5f8ff217dcdff96376dc';

export const ZK_KEYS: Record<ZkKeyName, ZkKeyInfo> = {
  aitbc: { name: 'aitbc', label: "AITBC's receipt_public key (development setup, no ceremony)", vk: aitbcVk, circuitHash: AITBC_CIRCUIT_HASH, nPublic: 1 },
  // v0.25 (apps/zk-circuits/receipt_model_js/verification_key.json @e9432a5c16d4): 4 public signals, its own setup.
  aitbc_model: { name: 'aitbc_model', label: "AITBC's receipt_model key (development setup, no ceremony)", vk: aitbcModelVk, circuitHash: null, nPublic: 4 },
  devnet: { name: 'devnet', label: "ClawGrid's local devnet key (local development setup, not a ceremony)", vk: devnetVk, circuitHash: devnetManifest.circuit_hash, nPublic: 1 },
};

/** The receipt_public key for a network: devnet proofs use the local setup; every other network uses AITBC's key. */
export function zkKeyForNetwork(network: string): ZkKeyInfo {
  return network === 'devnet' ? ZK_KEYS.devnet : ZK_KEYS.aitbc;
}

/** A verification key loaded from a file (CLI `--vk`); nPublic read from it. */
export function customZkKey(vk: unknown, label: string): ZkKeyInfo {
  const n = (vk as { nPublic?: unknown }).nPublic;
  return { name: 'custom', label, vk, circuitHash: null, nPublic: typeof n === 'number' ? n : 1 };
}
