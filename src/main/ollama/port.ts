import type { PullLine } from '../../shared/domain/pull-progress';

// What other features may use of the local Ollama: the calls (OllamaApi), the shared "what is installed /
// what is loaded" state (OllamaState), and the error value every call fails with (OllamaFailure).

/** Why a call to Ollama failed, as a ClawGrid error code (logs get the code, the user the message). */
export type OllamaFailureCode =
  /** Nothing listens at the URL: a normal state on a machine without Ollama. */
  | 'OLLAMA_ABSENT'
  /** The connection failed for another reason (DNS, reset, bad port…). */
  | 'OLLAMA_UNREACHABLE'
  /** Ollama accepted the connection but did not answer in time. */
  | 'OLLAMA_TIMEOUT'
  /** Ollama answered with an HTTP error (`status` set; 404 = unknown model). */
  | 'OLLAMA_HTTP'
  /** A stream broke: an `{"error"}` line, or it ended before `done`/`success`. */
  | 'OLLAMA_STREAM'
  /** Ollama answered 200 with a body ClawGrid does not understand. */
  | 'OLLAMA_BAD_REPLY'
  /** The caller canceled. */
  | 'OLLAMA_ABORTED';

/** Every failing Ollama call rejects with this; `kind` is the coarse view the catalog and deploy use. */
export class OllamaFailure extends Error {
  constructor(
    readonly code: OllamaFailureCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'OllamaFailure';
  }

  get kind(): 'absent' | 'aborted' | 'error' {
    return this.code === 'OLLAMA_ABSENT' ? 'absent' : this.code === 'OLLAMA_ABORTED' ? 'aborted' : 'error';
  }
}

/** One model on disk as /api/tags lists it; `raw` is the entry unchanged (the provider re-serves it). */
export interface InstalledModel {
  name: string;
  sizeBytes: number;
  digest: string;
  family: string | null;
  parameterSize: string | null;
  quantization: string | null;
  contextLength: number | null;
  raw: Record<string, unknown>;
}

/** One model in memory as /api/ps lists it (Ollama omits zero fields: absent size_vram = CPU only). */
export interface LoadedModel {
  name: string;
  sizeBytes: number;
  sizeVramBytes: number;
  expiresAt: string | null;
  contextLength: number | null;
}

/** /api/show, reduced to what ClawGrid reads. */
export interface ModelFacts {
  license: string | null;
  parameters: string | null;
  family: string | null;
  parameterSize: string | null;
  quantization: string | null;
  modelInfo: Record<string, unknown>;
  capabilities: string[];
}

/** A non-streamed /api/chat or /api/generate answer, reduced to what a miner reports. */
export interface OllamaCompletion {
  model: string;
  content: string;
  thinking?: string;
  toolCalls?: unknown[];
  promptTokens: number;
  evalTokens: number;
}

/** The calls, each with its own deadline; nothing here keeps state. */
export interface OllamaApi {
  readonly url: string;
  list(signal?: AbortSignal): Promise<InstalledModel[]>;
  show(name: string, signal?: AbortSignal): Promise<ModelFacts>;
  ps(signal?: AbortSignal): Promise<LoadedModel[]>;
  /** Streams /api/pull progress; aborting `signal` ends this pull only. Re-pulling resumes (Ollama keeps partial blobs). */
  pull(name: string, signal: AbortSignal): AsyncIterable<PullLine>;
  delete(name: string, signal?: AbortSignal): Promise<void>;
  /** Non-streamed /api/chat; `body` is Ollama's request (model, messages, options, tools, think, format…). */
  chat(body: Record<string, unknown>, signal: AbortSignal): Promise<OllamaCompletion>;
  /** Non-streamed /api/generate (model, prompt, system, options…). */
  generate(body: Record<string, unknown>, signal: AbortSignal): Promise<OllamaCompletion>;
  /** Loads a model with this context (empty prompt), so the next turn with the same num_ctx is warm. */
  warm(name: string, numCtx: number, signal: AbortSignal): Promise<void>;
}

/** Whether Ollama answers; `message` is the sentence the user sees. */
export interface OllamaReachability {
  state: 'starting' | 'ok' | 'absent' | 'error';
  url: string;
  message: string;
  code: OllamaFailureCode | null;
}

/** The one picture of the local Ollama, as of the last poll. */
export interface OllamaSnapshot {
  reachability: OllamaReachability;
  installed: readonly InstalledModel[];
  loaded: readonly LoadedModel[];
  /** Epoch ms of the last completed poll; null before the first. */
  polledAt: number | null;
}

/** The source of truth for "what is installed / what is loaded", refreshed by one poller. */
export interface OllamaState {
  readonly url: string;
  snapshot(): OllamaSnapshot;
  /** Called with each snapshot that differs from the last (installed, loaded or reachability). */
  subscribe(listener: (s: OllamaSnapshot) => void): () => void;
  /** Polls now: the answer comes from a poll that started after this call (callers arriving together share it). */
  refresh(): Promise<OllamaSnapshot>;
  /** Loaded now with this context (undefined = any context). */
  isLoaded(name: string, numCtx?: number): boolean;
  /** Ollama just served this model with this context: loaded until the next poll says otherwise. */
  noteLoaded(name: string, numCtx?: number): void;
}

/** The Ollama feature's service: the state, its poller's lifecycle, and the calls. */
export interface OllamaService extends OllamaState {
  readonly api: OllamaApi;
  start(): void;
  stop(): void;
}

/** The calls against an Ollama at `url` (the devnet's miners use their own URL; everything else shares the service). */
export { createOllamaApi } from './ollama-api';
