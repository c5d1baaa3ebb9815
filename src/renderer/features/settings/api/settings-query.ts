import { queryOptions } from '@tanstack/react-query';
import type { CallOutput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';

export type SettingsView = CallOutput<'settings.get'>;

export const settingsKey = ['settings.get'] as const;

/** Current settings plus which keys the environment overrides (read-only in the UI). */
export function settingsQuery(transport: Transport) {
  return queryOptions({
    queryKey: settingsKey,
    queryFn: () => transport.call('settings.get', {}),
    staleTime: 60_000,
  });
}
