import type { CallInput, CallName, CallOutput } from '../../shared/contract/calls';
import type { EventBatch } from '../../shared/contract/events';

/**
 * Where the transport stands. IPC is always `open`; WebSocket moves between the four, and
 * `unauthorized` (no token, or the host refused it) is final: the UI shows the auth page.
 */
export type ConnectionStatus = 'connecting' | 'open' | 'closed' | 'unauthorized';

/**
 * The renderer's only door to main: the same typed contract over Electron IPC or WebSocket.
 * Both directions are validated against the contract on this side too.
 */
export interface Transport {
  readonly kind: 'ipc' | 'ws';
  /** Resolves with the contract-validated output; rejects with a `CallError` (never anything else). */
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  /** Receives each validated event batch; returns an unsubscribe function. */
  subscribe(listener: (batch: EventBatch) => void): () => void;
  /** Current connection status; absent means always `open`. */
  getStatus?(): ConnectionStatus;
  /** Notified on every status change; returns an unsubscribe function. */
  onStatus?(listener: (status: ConnectionStatus) => void): () => void;
  /** Stops reconnecting and rejects pending calls. */
  close?(): void;
}
