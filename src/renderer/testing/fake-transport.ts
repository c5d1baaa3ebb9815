import type { CallInput, CallName, CallOutput } from '../../shared/contract/calls';
import type { EventBatch } from '../../shared/contract/events';
import { CallError } from '../transport/call-error';
import type { ConnectionStatus, Transport } from '../transport/transport';

export type FakeHandlers = { [K in CallName]?: (input: CallInput<K>) => CallOutput<K> | Promise<CallOutput<K>> };

/** A test double at the transport boundary: answers calls from handlers, lets tests push events and status. */
export interface FakeTransport extends Transport {
  emit(batch: EventBatch): void;
  setStatus(status: ConnectionStatus): void;
  readonly calls: Array<{ name: CallName; input: unknown }>;
}

export function createFakeTransport(handlers: FakeHandlers, opts: { kind?: 'ipc' | 'ws'; status?: ConnectionStatus } = {}): FakeTransport {
  const listeners = new Set<(batch: EventBatch) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let status: ConnectionStatus = opts.status ?? 'open';
  const calls: Array<{ name: CallName; input: unknown }> = [];
  return {
    kind: opts.kind ?? 'ws',
    calls,
    async call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
      calls.push({ name, input });
      const handler = handlers[name] as ((input: CallInput<K>) => CallOutput<K> | Promise<CallOutput<K>>) | undefined;
      if (!handler) throw new CallError({ code: 'UNAVAILABLE', message: `${name} is not available in this test` });
      return handler(input);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getStatus: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    emit(batch) {
      for (const l of listeners) l(batch);
    },
    setStatus(next) {
      status = next;
      for (const l of statusListeners) l(next);
    },
  };
}
