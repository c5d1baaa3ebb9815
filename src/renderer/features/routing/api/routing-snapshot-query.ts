import { queryOptions } from '@tanstack/react-query';
import type { CallOutput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';

export type RoutingSnapshotData = CallOutput<'routing.snapshot'>;

export const routingSnapshotKey = ['routing.snapshot'] as const;

/** The Routing page's state, fetched once; `routing.requests` events append, `routing.changed` refetches. */
export function routingSnapshotQuery(transport: Transport) {
  return queryOptions({
    queryKey: routingSnapshotKey,
    queryFn: () => transport.call('routing.snapshot', {}),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}
