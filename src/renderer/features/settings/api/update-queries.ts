import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { CallOutput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';
import { settingsKey } from './settings-query';

export type UpdateStatus = CallOutput<'app.updateStatus'>;
export const updateStatusKey = ['app.updateStatus'] as const;

/** The updater's state; `app.update` events patch it (settings-events.ts). */
export function updateStatusQuery(transport: Transport) {
  return queryOptions({ queryKey: updateStatusKey, queryFn: () => transport.call('app.updateStatus', {}), staleTime: Infinity });
}

/** "Check for updates" and "Restart to update": both answer the new status, which replaces the cached one. */
export function updateActionMutation(transport: Transport, qc: QueryClient, call: 'app.checkForUpdates' | 'app.installUpdate') {
  return mutationOptions({
    mutationKey: [call],
    mutationFn: () => transport.call(call, {}),
    onSuccess: (status) => qc.setQueryData(updateStatusKey, status),
  });
}

/** The update channel is a setting (stable | beta). */
export function updateChannelMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['settings.update', 'updateChannel'],
    mutationFn: (updateChannel: 'stable' | 'beta') => transport.call('settings.update', { updateChannel }),
    onSuccess: (view) => qc.setQueryData(settingsKey, view),
  });
}
