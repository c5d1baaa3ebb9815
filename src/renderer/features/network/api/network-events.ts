import type { EventHandler } from '../../../transport/event-handler';
import { networkPaymentsKey, networkStatusKey } from './network-queries';

/** `network.status` carries the whole status (network, health, balance, devnet miners); `network.payments` refetches payments. */
export const networkEventHandler: EventHandler = {
  'network.status': (status, qc) => qc.setQueryData(networkStatusKey, status),
  'network.payments': (_payload, qc) => void qc.invalidateQueries({ queryKey: networkPaymentsKey }),
};
