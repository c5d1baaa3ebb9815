import type http from 'node:http';
import type { FakeModel } from './fake-models';

// The fake Ollama's public shape (fake-ollama.ts serves it).

/** A fault the next matching requests run into (set with `setFault`, cleared with `setFault(null)`). */
export type FakeFault =
  /** Answer before streaming with this status; `shape: 'text'` sends a plain-text body like a proxy would. */
  | { kind: 'http-error'; status: number; message?: string; shape?: 'json' | 'text' }
  /** Destroy the socket after this many NDJSON lines (an Ollama crash mid-stream). */
  | { kind: 'disconnect'; afterLines: number }
  /** Write a line that is not JSON after this many lines. */
  | { kind: 'malformed'; afterLines: number }
  /** Stream this many NDJSON lines, then send nothing more until the client goes away (a stream held mid-answer). */
  | { kind: 'pause'; afterLines: number }
  /** Accept the request and never answer (until the client goes away). */
  | { kind: 'stall' };

export interface FakeOllamaOptions {
  models?: FakeModel[];
  /** Models the "registry" has: `/api/pull` puts them on disk (listed, runnable) after streaming its progress. */
  library?: FakeModel[];
  /** Names loaded at start (warm); others load on first use, taking `coldLoadMs`. */
  loaded?: string[];
  coldLoadMs?: number;
  /** Delay between streamed lines. 0 writes them back to back. */
  tokenDelayMs?: number;
  port?: number;
  version?: string;
}

/** One request the fake saw: enough for tests to assert what the client really sent and whether it hung up. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** The client closed the connection before the response was complete. */
  aborted: boolean;
  completed: boolean;
}

export interface FakeOllama {
  url: string;
  port: number;
  requests: SeenRequest[];
  setFault(fault: FakeFault | null, opts?: { paths?: string[] }): void;
  /** Mark a model loaded (warm) or unloaded (cold). */
  setLoaded(name: string, loaded: boolean, contextLength?: number): void;
  setTiming(t: { coldLoadMs?: number; tokenDelayMs?: number }): void;
  /** Cold loads from now on wait until the returned release is called (a cold load as long as the test wants). */
  holdLoads(): () => void;
  close(): Promise<void>;
}
