/** What a miner runs a job on: an Ollama-API server, or the devnet's labelled simulation. */
export interface InferenceOutput {
  status: 'completed';
  output: string;
  model: string;
  tokens_processed: number;
  prompt_tokens: number;
  execution_time: number;
  tool_calls?: unknown[];
  thinking?: string;
  /** Set by the simulated backend so nobody mistakes its text for a model's. */
  simulated?: true;
}

export interface InferenceBackend {
  /** "ollama" or "simulated" (shown in the UI and in offers). */
  readonly kind: 'ollama' | 'simulated';
  /** Exact model tags this backend can run. */
  models(): Promise<string[]>;
  run(payload: Record<string, unknown>, signal: AbortSignal): Promise<InferenceOutput>;
}

/** A job the backend cannot run (unknown model, bad payload): reported via /fail, not as a result. */
export class JobRejected extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'JobRejected';
  }
}
