import { mutationOptions, type QueryClient } from '@tanstack/react-query';
import type { Transport } from '../../../transport/transport';
import { appInfoKey } from '../../app-info/port';
import { networkOffersKey, networkPaymentsKey, networkStatusKey } from './network-queries';

/** Switches the active network ('devnet', 'off' or a coordinator URL); offers and app info change with it. */
export function selectNetworkMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['network.select'],
    mutationFn: (network: string) => transport.call('network.select', { network }),
    onSuccess: (next) => {
      qc.setQueryData(networkStatusKey, next);
      void qc.invalidateQueries({ queryKey: networkOffersKey });
      void qc.invalidateQueries({ queryKey: appInfoKey });
    },
  });
}

/** Devnet only: +100 play AIT; answers with the new status. */
export function faucetMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['network.faucet'],
    mutationFn: () => transport.call('network.faucet', {}),
    onSuccess: (next) => qc.setQueryData(networkStatusKey, next),
  });
}

/** Asks the coordinator now about payments that can still change (optionally only these jobs); refetches them. */
export function refreshPaymentsMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['network.payments', 'refresh'],
    mutationFn: (jobIds?: readonly string[]) => transport.call('network.payments', { refresh: true, limit: 500, ...(jobIds ? { jobIds: [...jobIds] } : {}) }),
    onSettled: () => void qc.invalidateQueries({ queryKey: networkPaymentsKey }),
  });
}
