import { queryOptions } from '@tanstack/react-query';
import type { CallOutput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';

export type MonitorSnapshot = CallOutput<'monitor.snapshot'>;

export const monitorSnapshotKey = ['monitor.snapshot'] as const;

/** The rolling window, fetched once; `monitor.tick` events patch it in place (see apply-monitor-tick). */
export function monitorSnapshotQuery(transport: Transport) {
  return queryOptions({
    queryKey: monitorSnapshotKey,
    queryFn: () => transport.call('monitor.snapshot', {}),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}
