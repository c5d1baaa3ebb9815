import type { QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { EventBatch } from '../../shared/contract/events';
import { applyMonitorTick } from '../features/gpu/api/apply-monitor-tick';
import { monitorSnapshotKey, type MonitorSnapshot } from '../features/gpu/api/monitor-snapshot-query';
import type { Transport } from '../transport/transport';

/** Applies one event batch to the query cache: events patch cached call results, never a second store. */
export function applyEventBatch(queryClient: QueryClient, batch: EventBatch): void {
  const tick = batch['monitor.tick'];
  if (tick) {
    queryClient.setQueryData<MonitorSnapshot>(monitorSnapshotKey, (old) => applyMonitorTick(old, tick));
  }
}

/**
 * Subscribes the cache to main's event batches for the life of the component. After a reconnect it
 * refetches everything, since events sent while disconnected were missed.
 */
export function useEventBridge(transport: Transport, queryClient: QueryClient): void {
  useEffect(() => {
    const unsubscribe = transport.subscribe((batch) => applyEventBatch(queryClient, batch));
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
  }, [transport, queryClient]);
}
