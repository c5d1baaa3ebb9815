import { mutationOptions, type QueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';
import { walletKeys } from './wallet-queries';

/** Creates a new key (`kind: 'new'`) or imports one; either way answers with the new wallet status. */
export type WalletSetup = ({ kind: 'new' } & CallInput<'wallet.create'>) | CallInput<'wallet.import'>;

export function walletSetupMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['wallet.setup'],
    mutationFn: (setup: WalletSetup) =>
      setup.kind === 'new' ? transport.call('wallet.create', { passphrase: setup.passphrase }) : transport.call('wallet.import', setup),
    onSuccess: (status) => qc.setQueryData(walletKeys.status, status),
  });
}

export function walletUnlockMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['wallet.unlock'],
    mutationFn: (input: CallInput<'wallet.unlock'>) => transport.call('wallet.unlock', input),
    onSuccess: (status) => qc.setQueryData(walletKeys.status, status),
  });
}

/** Sends AIT; the balance is refetched afterwards. */
export function walletSendMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['wallet.send'],
    mutationFn: (input: CallInput<'wallet.send'>) => transport.call('wallet.send', input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: walletKeys.status }),
  });
}

/** A keystore backup; nothing cached changes. */
export function walletExportMutation(transport: Transport) {
  return mutationOptions({ mutationKey: ['wallet.export'], mutationFn: (input: CallInput<'wallet.export'>) => transport.call('wallet.export', input) });
}

/** The whole ledger as a CSV or JSON file to save; nothing cached changes. */
export function ledgerExportMutation(transport: Transport) {
  return mutationOptions({ mutationKey: ['wallet.exportLedger'], mutationFn: (input: CallInput<'wallet.exportLedger'>) => transport.call('wallet.exportLedger', input) });
}

/** Answers a pending approval; the list itself updates through the `wallet.approvals` event. */
export function approvalDecisionMutation(transport: Transport) {
  return mutationOptions({ mutationKey: ['wallet.decide'], mutationFn: (input: CallInput<'wallet.decide'>) => transport.call('wallet.decide', input) });
}

/** Saves an agent's spend policy; answers with the new spend overview. */
export function setPolicyMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['wallet.setPolicy'],
    mutationFn: (input: CallInput<'wallet.setPolicy'>) => transport.call('wallet.setPolicy', input),
    onSuccess: (overview) => qc.setQueryData(walletKeys.overview, overview),
  });
}

/** Compares the ledger with the coordinator; new issues are refetched. */
export function reconcileMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['wallet.reconcile'],
    mutationFn: () => transport.call('wallet.reconcile', {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: walletKeys.issues }),
  });
}

export function resolveIssueMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['wallet.resolveIssue'],
    mutationFn: (input: CallInput<'wallet.resolveIssue'>) => transport.call('wallet.resolveIssue', input),
    onSuccess: (issues) => qc.setQueryData(walletKeys.issues, issues),
  });
}
