import { queryOptions } from '@tanstack/react-query';
import type { CallOutput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';

export type NetworkStatusView = CallOutput<'network.status'>;
export const networkStatusKey = ['network.status'] as const;
export const networkOffersKey = ['network.offers'] as const;

/** Active network, health, client wallet, balance and devnet miners; `network.status` events patch it. */
export function networkStatusQuery(transport: Transport) {
  return queryOptions({ queryKey: networkStatusKey, queryFn: () => transport.call('network.status', {}), staleTime: 30_000 });
}

/** Offers on the active network (the backend caches them ~30 s). */
export function networkOffersQuery(transport: Transport) {
  return queryOptions({ queryKey: networkOffersKey, queryFn: () => transport.call('network.offers', {}), staleTime: 15_000, refetchInterval: 30_000 });
}
