import type { EventHandler } from '../../../transport/event-handler';
import { walletKeys, type ApprovalsView } from './wallet-queries';

/**
 * The approvals event carries the whole pending list (set it); the changed event is an invalidation
 * (refetch overview, history and reconciliation issues).
 */
export const walletEventHandler: EventHandler = {
  'wallet.approvals': (approvals, qc) => qc.setQueryData<ApprovalsView>(walletKeys.approvals, approvals),
  'wallet.changed': (_payload, qc) => {
    void qc.invalidateQueries({ queryKey: walletKeys.overview });
    void qc.invalidateQueries({ queryKey: walletKeys.history });
    void qc.invalidateQueries({ queryKey: walletKeys.issues });
  },
};
