import type { JsonObject } from '../../shared/domain/canonical-json';

/**
 * What the hybrid engine hands to `proofs.recordExecution` after every execution (local or network):
 * the chain stores hashes of request and response, never their text.
 */
export interface ExecutionRecord {
  requestId: string;
  agentId: string | null;
  /** The model name as routed (e.g. "llama3.2:3b"). */
  model: string;
  /** Ollama's model digest for local runs (sha256:…); null when unknown (network runs). */
  modelDigest: string | null;
  backend: 'local' | 'network';
  /** The settings' network for network runs ("devnet" or the coordinator URL); null for local. */
  network: string | null;
  /** The request body exactly as received, and the response body as returned to the agent (or its streamed chunks, in order). */
  request: string | Uint8Array;
  response: string | Uint8Array | readonly Uint8Array[];
  jobId?: string | null;
  /** The coordinator's receipt as the AITBC client parsed it (lossless), with `zk_proof` when one came. */
  receipt?: JsonObject | null;
  atMs?: number;
}
