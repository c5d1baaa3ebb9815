import type { EventHandler } from '../../../transport/event-handler';
import { proofsKey, proofsProgressKey } from './proofs-queries';

/** Verify-all progress lives only in the cache; `proofs.changed` refetches everything under `proofs`. */
export const proofsEventHandler: EventHandler = {
  'proofs.verifyProgress': (progress, qc) => qc.setQueryData(proofsProgressKey, progress),
  'proofs.changed': (_payload, qc) => void qc.invalidateQueries({ queryKey: proofsKey }),
};
