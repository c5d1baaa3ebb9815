import { z } from 'zod';
import { monitorSampleSchema, monitorStatusSchema } from './monitor';

/**
 * Events main pushes to the renderer. Main batches them: at most one message per tick carrying the
 * latest payload of each event that fired (see src/main/events/event-hub.ts).
 */
export const events = {
  /** One sample per second for the rolling window, plus the status it was taken with. */
  'monitor.tick': z.object({ sample: monitorSampleSchema, status: monitorStatusSchema }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;
export const eventNames = Object.keys(events) as EventName[];

/** One batch: event name → latest payload during the tick. */
export const eventBatchSchema = z.record(z.string(), z.unknown());
export type EventBatch = Partial<{ [K in EventName]: EventPayload<K> }>;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
