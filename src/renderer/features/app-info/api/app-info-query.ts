import { queryOptions } from '@tanstack/react-query';
import type { CallOutput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';

export type AppInfo = CallOutput<'app.info'>;

/** Host kind, version, data dir and network: fixed for the life of the host, so fetched once. */
export function appInfoQuery(transport: Transport) {
  return queryOptions({
    queryKey: ['app.info'] as const,
    queryFn: () => transport.call('app.info', {}),
    staleTime: Infinity,
  });
}
