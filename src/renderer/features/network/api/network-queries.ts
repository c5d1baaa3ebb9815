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

/** Everything under this prefix is refetched on `network.payments`. */
export const networkPaymentsKey = ['network.payments'] as const;
export type JobPaymentList = CallOutput<'network.payments'>['payments'];

/** The stored payments of these network jobs (the Proofs timeline, the request log). */
export function jobPaymentsQuery(transport: Transport, jobIds: readonly string[]) {
  const ids = [...new Set(jobIds)].sort();
  return queryOptions({
    queryKey: [...networkPaymentsKey, 'jobs', ids.join(',')] as const,
    queryFn: async () => (ids.length === 0 ? [] : (await transport.call('network.payments', { jobIds: ids.slice(0, 500), limit: 500 })).payments),
    placeholderData: (previous) => previous,
  });
}

/** Every disputed payment: the Proofs page shows them at the top, with what to do next. */
export function disputedPaymentsQuery(transport: Transport) {
  return queryOptions({ queryKey: [...networkPaymentsKey, 'disputed'] as const, queryFn: async () => (await transport.call('network.payments', { states: ['disputed'], limit: 500 })).payments });
}
