import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../../shared/contract/calls';
import { useTransport } from '../../../transport/transport-context';
import { routingSnapshotKey, routingSnapshotQuery } from '../api/routing-snapshot-query';

/** The live Routing snapshot. */
export function useRoutingSnapshot() {
  return useQuery(routingSnapshotQuery(useTransport()));
}

/** Agent and key changes; each refetches the snapshot when done. */
export function useRoutingMutations() {
  const transport = useTransport();
  const qc = useQueryClient();
  const onSuccess = () => void qc.invalidateQueries({ queryKey: routingSnapshotKey });
  return {
    createAgent: useMutation({ mutationFn: (i: CallInput<'routing.createAgent'>) => transport.call('routing.createAgent', i), onSuccess }),
    updatePolicy: useMutation({ mutationFn: (i: CallInput<'routing.updatePolicy'>) => transport.call('routing.updatePolicy', i), onSuccess }),
    createKey: useMutation({ mutationFn: (i: CallInput<'routing.createKey'>) => transport.call('routing.createKey', i), onSuccess }),
    revokeKey: useMutation({ mutationFn: (i: CallInput<'routing.revokeKey'>) => transport.call('routing.revokeKey', i), onSuccess }),
  };
}
