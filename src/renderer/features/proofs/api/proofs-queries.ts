import { queryOptions } from '@tanstack/react-query';
import type { CallOutput } from '../../../../shared/contract/calls';
import type { EventPayload } from '../../../../shared/contract/events';
import type { Transport } from '../../../transport/transport';

export type ProofsList = CallOutput<'proofs.list'>;
export type VerifyProgress = EventPayload<'proofs.verifyProgress'>;

/** Everything under this prefix is refetched on `proofs.changed`. */
export const proofsKey = ['proofs'] as const;
export const proofsListKey = ['proofs', 'list'] as const;
export const proofsKeysKey = ['proofs', 'keys'] as const;
export const proofsProgressKey = ['proofs-progress'] as const;

/** The newest links of the chain (the timeline). */
export function proofsListQuery(transport: Transport) {
  return queryOptions({ queryKey: proofsListKey, queryFn: () => transport.call('proofs.list', { limit: 200 }) });
}

/** One link with its checks; fetching it verifies the link if it never was. */
export function proofDetailQuery(transport: Transport, seq: number) {
  return queryOptions({ queryKey: ['proofs', 'detail', seq] as const, queryFn: () => transport.call('proofs.get', { seq }) });
}

export function proofsKeysQuery(transport: Transport) {
  return queryOptions({ queryKey: proofsKeysKey, queryFn: () => transport.call('proofs.keys', {}) });
}

/** Verify-all progress lives in the cache, written by the event bridge from `proofs.verifyProgress`. */
export function proofsProgressQuery() {
  return queryOptions<VerifyProgress | null>({ queryKey: proofsProgressKey, queryFn: () => null, staleTime: Infinity });
}
