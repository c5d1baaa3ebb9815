import { queryOptions } from '@tanstack/react-query';
import type { CallOutput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';

export type EarnStatusView = CallOutput<'earn.status'>;
export type EarnJobView = CallOutput<'earn.jobs'>['jobs'][number];
export const earnStatusKey = ['earn.status'] as const;
export const earnJobsKey = ['earn.jobs'] as const;
export const earnEarningsKey = ['earn.earnings'] as const;

/** Earning / paused and why / off, the registration and the offer; `earn.status` events replace it. */
export function earnStatusQuery(transport: Transport) {
  return queryOptions({ queryKey: earnStatusKey, queryFn: () => transport.call('earn.status', {}), staleTime: 30_000 });
}

/** Jobs served with their receipts and earnings (refetched when the status event says something changed). */
export function earnJobsQuery(transport: Transport) {
  return queryOptions({ queryKey: earnJobsKey, queryFn: () => transport.call('earn.jobs', { limit: 100 }), staleTime: 30_000 });
}

/** Earned AIT per local day, the last 30 days. */
export function earnEarningsQuery(transport: Transport) {
  return queryOptions({ queryKey: earnEarningsKey, queryFn: () => transport.call('earn.earnings', { days: 30 }), staleTime: 60_000 });
}
