import type { Result } from './envelope';

/**
 * The one object the Electron preload exposes as `window.clawgrid`. Deliberately tiny: a generic,
 * contract-checked `call` and an event subscription — never ipcRenderer itself.
 */
export interface PreloadApi {
  readonly host: 'electron';
  /** Sends a contract call; resolves with a Result envelope (never rejects for contract errors). */
  call(name: string, input: unknown): Promise<Result>;
  /** Subscribes to main's batched events; returns an unsubscribe function. */
  onEvents(listener: (batch: Record<string, unknown>) => void): () => void;
}
