import { queryOptions } from '@tanstack/react-query';
import type { CallOutput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';

export type CatalogListData = CallOutput<'catalog.list'>;
export type DeploymentsData = CallOutput<'catalog.deployments'>;

export const catalogListKey = ['catalog.list'] as const;
export const deploymentsKey = ['catalog.deployments'] as const;
export const metricsKey = ['catalog.metrics'] as const;

/** The merged catalog; `catalog.changed` events invalidate it. */
export function catalogListQuery(transport: Transport) {
  return queryOptions({ queryKey: catalogListKey, queryFn: () => transport.call('catalog.list', {}), staleTime: 30_000, refetchOnWindowFocus: false });
}

/** Deployments; `catalog.progress` events replace the cached list (≤ 10 a second). */
export function deploymentsQuery(transport: Transport) {
  return queryOptions({ queryKey: deploymentsKey, queryFn: () => transport.call('catalog.deployments', {}), staleTime: Infinity, refetchOnWindowFocus: false });
}

/** Metering per deployment: not pushed, polled while the page is open. */
export function metricsQuery(transport: Transport) {
  return queryOptions({ queryKey: metricsKey, queryFn: () => transport.call('catalog.metrics', {}), refetchInterval: 5000 });
}
