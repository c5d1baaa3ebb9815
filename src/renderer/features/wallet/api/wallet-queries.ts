import { queryOptions } from '@tanstack/react-query';
import type { CallOutput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';

export type WalletStatusView = CallOutput<'wallet.status'>;
export type SpendOverviewView = CallOutput<'wallet.spendOverview'>;
export type ApprovalsView = CallOutput<'wallet.approvals'>;

export const walletKeys = {
  status: ['wallet.status'] as const,
  overview: ['wallet.spendOverview'] as const,
  history: ['wallet.history'] as const,
  approvals: ['wallet.approvals'] as const,
  issues: ['wallet.reconcileIssues'] as const,
  receive: ['wallet.receive'] as const,
};

/** Address, lock state and balance; refreshes the balance from the chain on each fetch. */
export function walletStatusQuery(transport: Transport) {
  return queryOptions({ queryKey: walletKeys.status, queryFn: () => transport.call('wallet.status', { refresh: true }), staleTime: 30_000 });
}

/** Per-agent spend; `wallet.changed` events invalidate it. */
export function spendOverviewQuery(transport: Transport) {
  return queryOptions({ queryKey: walletKeys.overview, queryFn: () => transport.call('wallet.spendOverview', {}), staleTime: Infinity });
}

export function historyQuery(transport: Transport) {
  return queryOptions({ queryKey: walletKeys.history, queryFn: () => transport.call('wallet.history', { limit: 100 }), staleTime: Infinity });
}

/** Pending approvals; `wallet.approvals` events replace it with the full list. */
export function approvalsQuery(transport: Transport) {
  return queryOptions({ queryKey: walletKeys.approvals, queryFn: () => transport.call('wallet.approvals', {}), staleTime: Infinity });
}

export function issuesQuery(transport: Transport) {
  return queryOptions({ queryKey: walletKeys.issues, queryFn: () => transport.call('wallet.reconcileIssues', {}), staleTime: Infinity });
}

/** Address and its QR code, fetched only while the receive panel is open. */
export function receiveQuery(transport: Transport, enabled: boolean) {
  return queryOptions({ queryKey: walletKeys.receive, queryFn: () => transport.call('wallet.receive', {}), enabled, staleTime: Infinity });
}
