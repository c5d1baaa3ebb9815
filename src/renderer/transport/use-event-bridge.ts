import type { QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { dispatchEventBatch, type EventHandler } from './event-handler';
import type { Transport } from './transport';

/**
 * Subscribes the cache to main's event batches for the life of the component and hands each batch to
 * the given feature handlers (the app passes its one list, app/event-handlers.ts; a test, the few it
 * needs; keep the array stable, a new one re-subscribes). After a reconnect it refetches everything,
 * since events sent while disconnected were missed.
 */
export function useEventBridge(transport: Transport, queryClient: QueryClient, handlers: readonly EventHandler[]): void {
  useEffect(() => {
    const unsubscribe = transport.subscribe((batch) => dispatchEventBatch(queryClient, batch, handlers));
    let wasOpen = (transport.getStatus?.() ?? 'open') === 'open';
    let missed = false;
    const unsubscribeStatus = transport.onStatus?.((status) => {
      if (status === 'open') {
        if (missed) void queryClient.invalidateQueries();
        wasOpen = true;
        missed = false;
      } else if (wasOpen) {
        missed = true;
      }
    });
    return () => {
      unsubscribe();
      unsubscribeStatus?.();
    };
  }, [transport, queryClient, handlers]);
}
