import { mutationOptions, type QueryClient } from '@tanstack/react-query';
import type { DeployRequest } from '../../../../shared/contract/models';
import type { Transport } from '../../../transport/transport';
import { deploymentsKey } from './catalog-queries';

// Each deployment action refetches the deployments when it settles (progress also streams in as
// `models.progress` events); failures surface through the mutation's error.
const refetchDeployments = (qc: QueryClient) => () => void qc.invalidateQueries({ queryKey: deploymentsKey });

export function deployMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({ mutationKey: ['models.deploy'], mutationFn: (req: DeployRequest) => transport.call('models.deploy', req), onSettled: refetchDeployments(qc) });
}

type DeploymentCall = 'models.cancel' | 'models.retry' | 'models.undeploy';

function deploymentMutation(name: DeploymentCall, transport: Transport, qc: QueryClient) {
  return mutationOptions({ mutationKey: [name], mutationFn: (deploymentId: string) => transport.call(name, { deploymentId }), onSettled: refetchDeployments(qc) });
}

export const cancelDeploymentMutation = (transport: Transport, qc: QueryClient) => deploymentMutation('models.cancel', transport, qc);
export const retryDeploymentMutation = (transport: Transport, qc: QueryClient) => deploymentMutation('models.retry', transport, qc);
export const undeployMutation = (transport: Transport, qc: QueryClient) => deploymentMutation('models.undeploy', transport, qc);
