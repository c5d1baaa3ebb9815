import { z } from 'zod';
import { monitorSampleSchema, monitorStatusSchema } from './monitor';
import { settingsSchema, settingsViewSchema } from './settings';

/**
 * THE list of request/response calls. Preload, the main router, the WebSocket transport and the
 * REST endpoint are all derived from this object, so they cannot drift. Names are "domain.verb".
 */
export const calls = {
  /** Which host is serving, app version and where data lives: shown in the shell's footer. */
  'app.info': {
    input: z.object({}).strict(),
    output: z.object({
      name: z.literal('ClawGrid'),
      version: z.string(),
      host: z.enum(['electron', 'headless']),
      platform: z.string(),
      dataDir: z.string(),
      schemaVersion: z.number().int(),
      network: z.string(),
    }),
  },
  /** The dashboard's initial state: the whole rolling window plus current status; ticks patch it. */
  'monitor.snapshot': {
    input: z.object({}).strict(),
    output: z.object({ samples: z.array(monitorSampleSchema), status: monitorStatusSchema }),
  },
  /** Current settings and which ones the environment overrides. */
  'settings.get': {
    input: z.object({}).strict(),
    output: settingsViewSchema,
  },
  /** Change settings; fields overridden by env are refused with INVALID_INPUT, nothing is written. */
  'settings.update': {
    input: settingsSchema.partial().strict(),
    output: settingsViewSchema,
  },
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;

export const callNames = Object.keys(calls) as CallName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}
