// What other features may use of proofs, and the key port proofs is given (wired in container.ts).
export type { ExecutionRecord } from './execution-record';
export type { ProofsFeature, ProofsFeatureOptions } from './proofs-feature';
export { sharedZkEngine, type ZkEngine } from './zk-engine';

/** The devnet's keys as the network runtime knows them: proofs pins the receipt key and checks proofs with the vk. */
export interface NetworkKeys {
  /** Raw 32-byte Ed25519 public key of the devnet's receipt signer; null when no devnet ran here. */
  receiptSigningKey: Uint8Array | null;
  /** The devnet's Groth16 verification key (snarkjs JSON). */
  zkVerificationKey: unknown;
}
