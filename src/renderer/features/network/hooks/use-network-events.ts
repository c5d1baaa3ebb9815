import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTransport } from '../../../transport/transport-context';
import { networkStatusKey } from '../api/network-queries';

/** Keeps the cached network status current from `network.status` events. */
export function useNetworkEvents(): void {
  const transport = useTransport();
  const qc = useQueryClient();
  useEffect(
    () =>
      transport.subscribe((batch) => {
        const s = batch['network.status'];
        if (s) qc.setQueryData(networkStatusKey, s);
      }),
    [transport, qc],
  );
}
