import { mutationOptions, type QueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';
import { openclawAgentsKey, openclawUpgradeRunKey, openclawVersionsKey, openclawWiringKey } from './openclaw-queries';

const refetchWiring = (qc: QueryClient) => {
  void qc.invalidateQueries({ queryKey: openclawWiringKey });
  void qc.invalidateQueries({ queryKey: openclawAgentsKey });
};

/** Writes the `clawgrid` provider for the chosen agents through OpenClaw's CLI. */
export function openclawWireMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['openclaw.wire'],
    mutationFn: (input: CallInput<'openclaw.wire'>) => transport.call('openclaw.wire', input),
    onSuccess: () => refetchWiring(qc),
  });
}

/** Restores the config from before the last wiring. */
export function openclawUnwireMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({ mutationKey: ['openclaw.unwire'], mutationFn: () => transport.call('openclaw.unwire', {}), onSuccess: () => refetchWiring(qc) });
}

/** Polls OpenClaw now; the result arrives as an `openclaw.agents` event. */
export function openclawRefreshMutation(transport: Transport) {
  return mutationOptions({ mutationKey: ['openclaw.refresh'], mutationFn: () => transport.call('openclaw.refresh', {}) });
}

export function openclawPinMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['openclaw.pin'],
    mutationFn: (input: CallInput<'openclaw.pin'>) => transport.call('openclaw.pin', input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: openclawVersionsKey }),
  });
}

export function openclawUnpinMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['openclaw.unpin'],
    mutationFn: () => transport.call('openclaw.unpin', {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: openclawVersionsKey }),
  });
}

/** Starts the upgrade wizard (or its dry run); later steps arrive as `openclaw.upgrade` events. */
export function openclawUpgradeStartMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['openclaw.upgradeStart'],
    mutationFn: (input: CallInput<'openclaw.upgradeStart'>) => transport.call('openclaw.upgradeStart', input),
    onSuccess: (run) => qc.setQueryData(openclawUpgradeRunKey, run),
  });
}

/** Rolls back an upgrade (reinstall + backup restore); steps arrive as `openclaw.upgrade` events. */
export function openclawUpgradeRollbackMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['openclaw.upgradeRollback'],
    mutationFn: (input: CallInput<'openclaw.upgradeRollback'>) => transport.call('openclaw.upgradeRollback', input),
    onSuccess: (run) => qc.setQueryData(openclawUpgradeRunKey, run),
  });
}

/** Turns ClawGrid's supervision of the gateway on or off; the state arrives with `openclaw.agents`. */
export function openclawKeepGatewayMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['openclaw.keepGateway'],
    mutationFn: (input: CallInput<'openclaw.keepGateway'>) => transport.call('openclaw.keepGateway', input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: openclawAgentsKey }),
  });
}
