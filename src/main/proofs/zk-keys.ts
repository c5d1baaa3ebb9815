import aitbcVk from '../../../resources/zk/aitbc/receipt_public.verification_key.json';
import devnetManifest from '../../../resources/zk/devnet/manifest.json';
import devnetVk from '../../../resources/zk/devnet/verification_key.json';

/** Which Groth16 key a proof is checked against: AITBC's real one (hub) or ClawGrid's local devnet setup. */
export type ZkKeyName = 'aitbc' | 'devnet';

/** A verification key with what the user is told about it. */
export interface ZkKeyInfo {
  name: ZkKeyName | 'custom';
  label: string;
  vk: unknown;
  /** sha256 of the proving key the proofs come from (`zk_proof.circuit_hash`), when known. */
  circuitHash: string | null;
}

/** AITBC's proving key hash (reference §8.1): `zk_proof.circuit_hash` of genuine hub proofs. */
export const AITBC_CIRCUIT_HASH = '9c780c45716ee8e2925ae7d922fffbc21cfc4546486d5f8ff217dcdff96376dc';

export const ZK_KEYS: Record<ZkKeyName, ZkKeyInfo> = {
  aitbc: { name: 'aitbc', label: "AITBC's receipt_public key (development setup, no ceremony)", vk: aitbcVk, circuitHash: AITBC_CIRCUIT_HASH },
  devnet: { name: 'devnet', label: "ClawGrid's local devnet key (local development setup, not a ceremony)", vk: devnetVk, circuitHash: devnetManifest.circuit_hash },
};

/** The key for a network: devnet proofs use the local setup; every other network uses AITBC's key. */
export function zkKeyForNetwork(network: string): ZkKeyInfo {
  return network === 'devnet' ? ZK_KEYS.devnet : ZK_KEYS.aitbc;
}
