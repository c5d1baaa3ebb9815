import { mutationOptions, type QueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';
import { routingSnapshotKey } from './routing-snapshot-query';

type AgentCall = 'routing.createAgent' | 'routing.updatePolicy' | 'routing.createKey' | 'routing.revokeKey';

/** An agent or key change; each refetches the Routing snapshot when done. */
function agentMutation<K extends AgentCall>(name: K, transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: [name],
    mutationFn: (input: CallInput<K>) => transport.call(name, input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: routingSnapshotKey }),
  });
}

export const createAgentMutation = (transport: Transport, qc: QueryClient) => agentMutation('routing.createAgent', transport, qc);
export const updatePolicyMutation = (transport: Transport, qc: QueryClient) => agentMutation('routing.updatePolicy', transport, qc);
/** Its output carries the new key's secret, shown once. */
export const createKeyMutation = (transport: Transport, qc: QueryClient) => agentMutation('routing.createKey', transport, qc);
export const revokeKeyMutation = (transport: Transport, qc: QueryClient) => agentMutation('routing.revokeKey', transport, qc);

/** The whole request log as a CSV or JSON file to save; nothing cached changes. */
export function requestsExportMutation(transport: Transport) {
  return mutationOptions({ mutationKey: ['routing.exportRequests'], mutationFn: (input: CallInput<'routing.exportRequests'>) => transport.call('routing.exportRequests', input) });
}
