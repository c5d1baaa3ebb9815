import type { z } from 'zod';
import { appEvents } from './app';
import { earnEvents } from './earn';
import { modelsEvents } from './models';
import { monitorEvents } from './monitor';
import { networkEvents } from './network';
import { openclawEvents } from './openclaw';
import { proofsEvents } from './proofs';
import { routingEvents } from './routing';
import { walletEvents } from './wallet';

/**
 * Events main pushes to the renderer. Main batches them: at most one message per tick carrying the
 * latest payload of each event that fired (see src/main/events/event-hub.ts).
 */
export const events = {
  ...appEvents,
  ...earnEvents,
  ...monitorEvents,
  ...networkEvents,
  ...openclawEvents,
  ...proofsEvents,
  ...routingEvents,
  ...modelsEvents,
  ...walletEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;
export const eventNames = Object.keys(events) as EventName[];

export type EventBatch = Partial<{ [K in EventName]: EventPayload<K> }>;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
