/**
 * What the Electron preload exposes on `window.clawgrid` via contextBridge. Deliberately tiny and
 * untyped at the edges (name/input/batch are validated against the contract on both sides).
 */
export interface PreloadApi {
  /** Resolves with a Result envelope: `{ ok: true, output }` or `{ ok: false, error: AppError }`. */
  call(name: string, input: unknown): Promise<unknown>;
  /** Subscribes to event batches (event name → latest payload); returns an unsubscribe function. */
  onEvents(listener: (batch: Record<string, unknown>) => void): () => void;
  readonly host: 'electron';
}

declare global {
  interface Window {
    /** Present only inside the Electron window (set by src/preload). */
    clawgrid?: PreloadApi;
  }
}
