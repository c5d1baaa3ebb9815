import { mutationOptions, type QueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';
import { settingsKey } from './settings-query';

/** Changes settings in main (settings.json); env-locked keys are refused there. Answers with the new view. */
export function settingsUpdateMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['settings.update'],
    mutationFn: (patch: CallInput<'settings.update'>) => transport.call('settings.update', patch),
    onSuccess: (view) => qc.setQueryData(settingsKey, view),
  });
}
