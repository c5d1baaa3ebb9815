import type { JsonObject } from '../../shared/domain/canonical-json';
import type { LocalModels } from './local-models';

/**
 * One completed hybrid execution as the engine hands it on (to the proof chain). Bodies are passed by
 * reference — nothing is copied or hashed on the request path; the receiver hashes later, off the hot path.
 */
export interface ExecutedRequest {
  requestId: string;
  agentId: string;
  /** The model name as routed (no `@target` suffix). */
  model: string;
  /** The local Ollama's digest of the model (`sha256:…`, from /api/tags) for local runs; null when unknown. */
  modelDigest: string | null;
  backend: 'local' | 'network';
  /** The network's name for network runs ("devnet" or the coordinator URL); null for local. */
  network: string | null;
  /** The request body exactly as received. */
  request: Uint8Array | string;
  /** The response as written to the agent: one body, or the streamed chunks in order. */
  response: string | Uint8Array | readonly Uint8Array[];
  jobId: string | null;
  /** The coordinator's receipt exactly as the network client parsed it (lossless), or null. */
  receipt: JsonObject | null;
  atMs: number;
}

/**
 * Called once per execution that returned a complete answer to the agent (local, network, race winner,
 * fallback). Not called for failed or cancelled requests: there is no response to commit to. Must return
 * at once; implementations defer their work.
 */
export type OnExecuted = (rec: ExecutedRequest) => void;

/** The model's digest as the local Ollama lists it (/api/tags, cached by the engine), as `sha256:<hex>`. */
export function modelDigestOf(local: Pick<LocalModels, 'models'>, model: string): string | null {
  const d = local.models().get(model)?.raw.digest;
  if (typeof d !== 'string' || d === '') return null;
  return d.includes(':') ? d : `sha256:${d}`;
}
