import { mutationOptions, type QueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../../shared/contract/calls';
import type { Transport } from '../../../transport/transport';
import { proofsKey } from './proofs-queries';

/** Verifies the whole chain (progress arrives as `proofs.verifyProgress` events); refetches the proofs either way. */
export function verifyChainMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['proofs.verifyChain'],
    mutationFn: () => transport.call('proofs.verifyChain', {}),
    onSettled: () => void qc.invalidateQueries({ queryKey: proofsKey }),
  });
}

/** Pins a coordinator key the user entered or confirmed; receipts are re-judged against it. */
export function pinKeyMutation(transport: Transport, qc: QueryClient) {
  return mutationOptions({
    mutationKey: ['proofs.pinKey'],
    mutationFn: (input: CallInput<'proofs.pinKey'>) => transport.call('proofs.pinKey', input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: proofsKey }),
  });
}
