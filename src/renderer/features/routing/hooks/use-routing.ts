import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTransport } from '../../../transport/transport-context';
import { createAgentMutation, createKeyMutation, requestsExportMutation, revokeKeyMutation, updatePolicyMutation } from '../api/routing-mutations';
import { routingSnapshotQuery } from '../api/routing-snapshot-query';

/** The live Routing snapshot. */
export function useRoutingSnapshot() {
  return useQuery(routingSnapshotQuery(useTransport()));
}

/** Agent and key changes; each refetches the snapshot when done. */
export function useRoutingMutations() {
  const transport = useTransport();
  const qc = useQueryClient();
  return {
    createAgent: useMutation(createAgentMutation(transport, qc)),
    updatePolicy: useMutation(updatePolicyMutation(transport, qc)),
    createKey: useMutation(createKeyMutation(transport, qc)),
    revokeKey: useMutation(revokeKeyMutation(transport, qc)),
  };
}

/** The request log as a file to save (CSV or JSON). */
export function useRequestsExport() {
  return useMutation(requestsExportMutation(useTransport()));
}
