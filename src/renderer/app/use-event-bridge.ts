import type { QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { EventBatch } from '../../shared/contract/events';
import { applyMonitorTick } from '../features/monitor/api/apply-monitor-tick';
import { monitorSnapshotKey, type MonitorSnapshot } from '../features/monitor/api/monitor-snapshot-query';
import { catalogListKey, deploymentsKey } from '../features/models/api/catalog-queries';
import { proofsKey, proofsProgressKey } from '../features/proofs/api/proofs-queries';
import { applyRoutingRequests } from '../features/routing/api/apply-routing-requests';
import { routingSnapshotKey, type RoutingSnapshotData } from '../features/routing/api/routing-snapshot-query';
import { openclawAgentsKey, openclawUpgradeRunKey } from '../features/agents/api/openclaw-queries';
import type { Transport } from '../transport/transport';

/** Applies one event batch to the query cache: events patch cached call results, never a second store. */
export function applyEventBatch(queryClient: QueryClient, batch: EventBatch): void {
  const tick = batch['monitor.tick'];
  if (tick) {
    queryClient.setQueryData<MonitorSnapshot>(monitorSnapshotKey, (old) => applyMonitorTick(old, tick));
  }
  const progress = batch['models.progress'];
  if (progress) queryClient.setQueryData(deploymentsKey, progress);
  if (batch['models.changed']) void queryClient.invalidateQueries({ queryKey: catalogListKey });
  const routed = batch['routing.requests'];
  if (routed) queryClient.setQueryData<RoutingSnapshotData>(routingSnapshotKey, (old) => applyRoutingRequests(old, routed));
  if (batch['routing.changed']) void queryClient.invalidateQueries({ queryKey: routingSnapshotKey });
  const verifyProgress = batch['proofs.verifyProgress'];
  if (verifyProgress) queryClient.setQueryData(proofsProgressKey, verifyProgress);
  if (batch['proofs.changed']) void queryClient.invalidateQueries({ queryKey: proofsKey });
  if (batch['openclaw.agents']) queryClient.setQueryData(openclawAgentsKey, batch['openclaw.agents']);
  if (batch['openclaw.upgrade']) queryClient.setQueryData(openclawUpgradeRunKey, batch['openclaw.upgrade']);
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
