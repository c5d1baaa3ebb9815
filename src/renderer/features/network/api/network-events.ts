import type { EventHandler } from '../../../transport/event-handler';
import { networkStatusKey } from './network-queries';

/** `network.status` carries the whole status (network, health, balance, devnet miners). */
export const networkEventHandler: EventHandler = {
  'network.status': (status, qc) => qc.setQueryData(networkStatusKey, status),
};
