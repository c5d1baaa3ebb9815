import { queryOptions } from '@tanstack/react-query';
import type { CallOutput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';

export type CatalogListData = CallOutput<'models.list'>;
export type DeploymentsData = CallOutput<'models.deployments'>;

export const catalogListKey = ['models.list'] as const;
export const deploymentsKey = ['models.deployments'] as const;
export const metricsKey = ['models.metrics'] as const;

/** The merged catalog; `models.changed` events invalidate it. */
export function catalogListQuery(transport: Transport) {
  return queryOptions({ queryKey: catalogListKey, queryFn: () => transport.call('models.list', {}), staleTime: 30_000, refetchOnWindowFocus: false });
}

/** The same list, rebuilt now (the Refresh button): bypasses main's cache and replaces the cached list. */
export function catalogRefreshQuery(transport: Transport) {
  return queryOptions({ ...catalogListQuery(transport), queryFn: () => transport.call('models.list', { refresh: true }), staleTime: 0 });
}

/** Deployments; `models.progress` events replace the cached list (≤ 10 a second). */
export function deploymentsQuery(transport: Transport) {
  return queryOptions({ queryKey: deploymentsKey, queryFn: () => transport.call('models.deployments', {}), staleTime: Infinity, refetchOnWindowFocus: false });
}

/** Metering per deployment: not pushed, polled while the page is open. */
export function metricsQuery(transport: Transport) {
  return queryOptions({ queryKey: metricsKey, queryFn: () => transport.call('models.metrics', {}), refetchInterval: 5000 });
}
