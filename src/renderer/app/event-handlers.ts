import { earnEventHandler } from '../features/earn/api/earn-events';
import { modelsEventHandler } from '../features/models/api/models-events';
import { monitorEventHandler } from '../features/monitor/api/monitor-events';
import { networkEventHandler } from '../features/network/api/network-events';
import { openclawEventHandler } from '../features/openclaw/api/openclaw-events';
import { proofsEventHandler } from '../features/proofs/api/proofs-events';
import { routingEventHandler } from '../features/routing/api/routing-events';
import { settingsEventHandler } from '../features/settings/api/settings-events';
import { walletEventHandler } from '../features/wallet/api/wallet-events';
import type { EventHandler } from '../transport/event-handler';

/** Every feature's event handler: the one place the app wires main's events to the features' caches. */
export const eventHandlers: readonly EventHandler[] = [
  monitorEventHandler,
  modelsEventHandler,
  routingEventHandler,
  openclawEventHandler,
  walletEventHandler,
  proofsEventHandler,
  networkEventHandler,
  settingsEventHandler,
  earnEventHandler,
];
