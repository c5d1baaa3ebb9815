/**
 * The engine's port to a GPU network. The engine codes against this; the AITBC feature provides the
 * real implementation (src/main/aitbc/), tests may provide their own. All money is decimal strings in AIT.
 */

/** One model offered by one miner on the active network. */
export interface NetworkOffer {
  minerId: string;
  /** Exact Ollama tag, e.g. "llama3.1:70b". */
  model: string;
  pricePer1kTokensAit: string;
  region: string | null;
  gpu: string | null;
  /** Whether this miner's jobs can come with a Groth16 receipt proof on request. */
  zkProof: boolean;
  /** The payee address for escrow, when the network publishes it. */
  providerAddress: string | null;
  /** Model facts for /api/tags and /api/show when the model is not local. */
  details?: { family?: string; parameterSize?: string; quantization?: string; sizeBytes?: number; contextLength?: number; capabilities?: string[] };
}

export interface NetworkHealth {
  /** off: the user chose no network; down: unreachable or failing; degraded: slow or rate limited. */
  state: 'ok' | 'degraded' | 'down' | 'off';
  message: string;
  /** "devnet", "off" or the coordinator URL. */
  network: string;
}

/** One inference to run on the network. Chat when `messages` is set, else completion of `prompt`. */
export interface NetworkInferenceRequest {
  /** Idempotency key: the same key never creates a second paid job. */
  requestId: string;
  model: string;
  /** Pin a miner (model name `<model>@<minerId>`). */
  minerId?: string;
  messages?: { role: string; content: string; images?: string[]; tool_calls?: unknown[]; tool_name?: string; thinking?: string }[];
  prompt?: string;
  system?: string;
  tools?: unknown[];
  options?: Record<string, unknown>;
  think?: boolean | string;
  format?: unknown;
  maxPricePer1kTokensAit?: string;
  /** Escrowed with the job (the admitted worst case); null/undefined → no payment. */
  paymentAmountAit?: string;
  zkProofRequired?: boolean;
  /** The job's TTL on the network. */
  ttlSeconds: number;
  /**
   * Move-off deadlines: a job that stays QUEUED (no miner claims it) or RUNNING (no result) longer than this is
   * cancelled on the network and the run fails with code `stalled`, but only once the cancel is confirmed and
   * any escrow refunded (so another miner may be paid instead); a job that completed meanwhile is returned.
   */
  progressDeadline?: { queuedMs: number; runningMs: number };
}

export interface NetworkInferenceResult {
  jobId: string;
  minerId: string | null;
  model: string;
  output: string;
  thinking?: string;
  toolCalls?: { function: { name: string; arguments: Record<string, unknown> } }[];
  promptTokens: number;
  evalTokens: number;
  durationMs: number;
  /** What the network says this cost (from the signed receipt), null when unpaid or unknown. */
  costAit: string | null;
  /** The signed receipt as received (verified by the proofs feature). */
  receipt: unknown;
}

/** Why a network run failed; `retryAfterMs` when the network said when to come back. */
export class NetworkError extends Error {
  constructor(
    readonly code: 'off' | 'unavailable' | 'rate_limited' | 'no_miner' | 'failed' | 'expired' | 'canceled' | 'timeout' | 'rejected' | 'stalled',
    message: string,
    readonly retryAfterMs?: number,
    readonly jobId?: string,
    /** The miner the failed job was meant for or ran on, when known. */
    readonly minerId?: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface NetworkBackend {
  health(): NetworkHealth;
  /** Current offers (cached by the implementation; cheap to call per request). */
  offers(): Promise<NetworkOffer[]>;
  /**
   * Submits, waits (polling with backoff, ~0 CPU while waiting) and returns the result. Aborting the
   * signal cancels the job on the network (`POST /v1/jobs/{id}/cancel`) before rejecting.
   */
  run(req: NetworkInferenceRequest, hooks: { signal: AbortSignal; onJobCreated?: (jobId: string) => void }): Promise<NetworkInferenceResult>;
  /** This client's unfinished jobs per miner id (kept by the implementation): the planner spreads load by it. */
  inflight?(): ReadonlyMap<string, number>;
}

/** The backend used while no network is configured (and by the engine's tests of "network off"). */
export const offlineNetwork: NetworkBackend = {
  health: () => ({ state: 'off', message: 'The GPU network is off', network: 'off' }),
  offers: async () => [],
  run: async () => {
    throw new NetworkError('off', 'The GPU network is off');
  },
};
