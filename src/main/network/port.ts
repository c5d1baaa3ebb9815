import type { networkCalls } from '../../shared/contract/network';
import type { Feature } from '../feature';
import type { AitbcClient } from '../aitbc/port';
import type { JobOutcome } from '../../shared/domain/job-outcome';
import type { NetworkBackend } from '../routing/port';

/** The devnet's keys as the network runtime knows them (what proofs pins to verify devnet receipts). */
export interface DevnetKeys {
  /** Raw 32-byte Ed25519 public key of the devnet's receipt signer; null when no devnet ever ran here. */
  receiptSigningKey: Uint8Array | null;
  /** The devnet's Groth16 verification key (snarkjs JSON). */
  zkVerificationKey: unknown;
}

/** The active network as a miner reaches it (earn mode), or why there is none. */
export type MinerAccess =
  | { ok: true; network: string; coordinatorUrl: string; marketplaceUrl: string; chainUrl: string | null; devnetMinerKey: string | null; clientAddress: string | null }
  | { ok: false; network: string; problem: string };

/** The network feature: the `network.*` handlers, the engine's backend and the devnet's keys. */
export interface NetworkFeature extends Feature<typeof networkCalls> {
  /** The engine's port; always the active network's backend (switching networks swaps it). */
  readonly network: () => NetworkBackend;
  /** The running devnet's base URL (it may have fallen back to a free port), null when not on devnet. */
  readonly devnetUrl: () => string | null;
  /** The devnet's receipt key and ZK verification key (also after switching away from the devnet). */
  readonly networkKeys: () => DevnetKeys;
  /** Where a miner registers on the active network (on the devnet, with the key it issued). */
  readonly minerAccess: () => MinerAccess;
  /** Whether this ClawGrid's own client submitted the job (by job id or by its request id). */
  readonly ownsJob: (jobId: string, requestId: string | null) => boolean;
  /** The connected coordinator's logged-in client (its payment views, its chain), null while no network is on. */
  readonly coordinator: () => { network: string; client: AitbcClient } | null;
  /** What became of a paid request's money, from the coordinator's and the chain's word (the wallet's resume asks). */
  jobOutcome(requestId: string): Promise<JobOutcome>;
}
