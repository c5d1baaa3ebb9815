import type { QueryClient } from '@tanstack/react-query';
import type { EventBatch, EventName, EventPayload } from '../../shared/contract/events';

/**
 * One feature's share of main's events: for each event name it handles, how the payload patches or
 * invalidates that feature's TanStack Query cache. Events patch cached call results, never a second store.
 */
export type EventHandler = { readonly [K in EventName]?: (payload: EventPayload<K>, queryClient: QueryClient) => void };

type AnyHandler = (payload: unknown, queryClient: QueryClient) => void;

/**
 * Hands each event of the batch to every registered handler of that name. Events no handler names are
 * ignored (a feature may not have shipped its UI yet), and so are keys inherited from Object.prototype.
 */
export function dispatchEventBatch(queryClient: QueryClient, batch: EventBatch, handlers: readonly EventHandler[]): void {
  for (const [name, payload] of Object.entries(batch)) {
    if (payload === undefined) continue;
    for (const handler of handlers) {
      if (!Object.prototype.hasOwnProperty.call(handler, name)) continue;
      (handler[name as EventName] as AnyHandler)(payload, queryClient);
    }
  }
}
