import { queryOptions } from '@tanstack/react-query';
import type { CallOutput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';

export type AppInfo = CallOutput<'app.info'>;
export const appInfoKey = ['app.info'] as const;

/** Host kind, version, data dir and network: fetched once (a network switch invalidates it). */
export function appInfoQuery(transport: Transport) {
  return queryOptions({
    queryKey: appInfoKey,
    queryFn: () => transport.call('app.info', {}),
    staleTime: Infinity,
  });
}
