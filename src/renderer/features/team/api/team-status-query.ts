import { queryOptions } from '@tanstack/react-query';
import type { CallOutput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';

export type TeamStatusData = CallOutput<'team.status'>;

export const teamStatusKey = ['team.status'] as const;

/** The team listener and who is connected; polled (peers come and go without an event). */
export function teamStatusQuery(transport: Transport) {
  return queryOptions({
    queryKey: teamStatusKey,
    queryFn: () => transport.call('team.status', {}),
    refetchInterval: 5000,
    refetchOnWindowFocus: false,
  });
}
