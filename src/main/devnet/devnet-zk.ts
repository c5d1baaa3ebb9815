import type { JsonObject } from '../../shared/domain/canonical-json';
import { devnetProofRequired, proveReceipt } from './devnet-prover';
import { DEVNET_ZK_VERIFICATION_KEY, zkResourcesDir, type Groth16Prover } from './devnet-zk-setup';

/** How the devnet proves receipts; `false` = no usable circuit (required proofs end `service_unavailable`). */
export type DevnetZkOptions =
  | false
  | {
      /** The Groth16 worker (the runtime that starts the devnet injects one; without it: `service_unavailable`). */
      engine?: Groth16Prover;
      /** `COORDINATOR_ZK_HIGH_VALUE_THRESHOLD` in AIT (default: the env's, else 10; 0 = always, −1 = never). */
      thresholdAit?: string;
      /** resources/zk (default: found next to the code). */
      zkDir?: string;
    };

/** The devnet's `_attach_zk_proof` (reference §8.4). */
export interface DevnetZk {
  /** Whether this job's receipt gets a proof (requested, or paid at or above the threshold). */
  required(constraints: JsonObject, paymentAmount: string | null): boolean;
  /**
   * The receipt with `zk_status` set and, only when verified, `zk_proof` attached (neither is signed). Proving
   * and the inline verify run in the worker thread: the devnet's event loop only waits (measured on the 2-core
   * dev box: ~0.2 s per proof warm, ~0.6 s for the first; event-loop lag p99 ~4 ms meanwhile).
   */
  attach(receipt: JsonObject): Promise<JsonObject>;
  /** Waits for proofs in flight. The worker is not the devnet's: its owner (the proofs feature, a test) stops it. */
  close(): Promise<void>;
}

export function createDevnetZk(o: DevnetZkOptions = {}, env: Record<string, string | undefined> = {}): DevnetZk {
  const threshold = (o === false ? undefined : o.thresholdAit) ?? (env.COORDINATOR_ZK_HIGH_VALUE_THRESHOLD?.trim() || '10');
  const inFlight = new Set<Promise<unknown>>();

  async function prove(receipt: JsonObject): Promise<JsonObject> {
    if (o === false || !o.engine) return { ...receipt, zk_status: 'service_unavailable' };
    let dir: string;
    try {
      dir = o.zkDir ?? zkResourcesDir({ CLAWGRID_ZK_DIR: env.CLAWGRID_ZK_DIR ?? process.env.CLAWGRID_ZK_DIR });
    } catch {
      return { ...receipt, zk_status: 'service_unavailable' };
    }
    const engine = o.engine;
    let zkProof;
    try {
      zkProof = await proveReceipt(receipt, engine, { zkDir: dir });
    } catch {
      return { ...receipt, zk_status: 'generation_failed' };
    }
    // Like the coordinator with verification enabled: verify inline, attach only a verified proof.
    const check = await engine.verify(DEVNET_ZK_VERIFICATION_KEY, zkProof.public_signals, zkProof.proof);
    if (!check.valid) return { ...receipt, zk_status: `verification_failed: ${check.error ?? 'the proof did not verify'}` };
    return { ...receipt, zk_status: 'verified', zk_proof: zkProof };
  }

  return {
    required: (constraints, paymentAmount) => devnetProofRequired(constraints, paymentAmount, threshold),
    attach(receipt) {
      const p = prove(receipt);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      return p;
    },
    async close() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
