import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTransport } from '../../../transport/transport-context';
import { walletKeys, type ApprovalsView } from '../api/wallet-queries';

/**
 * Keeps wallet queries live: the approvals event carries the whole pending list (set it); the changed
 * event is an invalidation (refetch overview, history and status).
 */
export function useWalletEvents(): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      transport.subscribe((batch) => {
        const approvals = batch['wallet.approvals'];
        if (approvals) queryClient.setQueryData<ApprovalsView>(walletKeys.approvals, approvals);
        if (batch['wallet.changed']) {
          void queryClient.invalidateQueries({ queryKey: walletKeys.overview });
          void queryClient.invalidateQueries({ queryKey: walletKeys.history });
          void queryClient.invalidateQueries({ queryKey: walletKeys.issues });
        }
      }),
    [transport, queryClient],
  );
}
