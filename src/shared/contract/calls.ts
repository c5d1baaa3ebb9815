import type { z } from 'zod';
import { appCalls } from './app';
import { earnCalls } from './earn';
import { modelsCalls } from './models';
import { monitorCalls } from './monitor';
import { networkCalls } from './network';
import { openclawCalls } from './openclaw';
import { proofsCalls } from './proofs';
import { routingCalls } from './routing';
import { settingsCalls } from './settings';
import { teamCalls } from './team';
import { walletCalls } from './wallet';

/**
 * THE list of request/response calls. Preload, the main router, the WebSocket transport and the
 * REST endpoint are all derived from this object, so they cannot drift. Names are "domain.verb";
 * each domain declares its calls in its own contract file and is spread in here (one line each).
 */
export const calls = {
  ...appCalls,
  ...earnCalls,
  ...modelsCalls,
  ...monitorCalls,
  ...networkCalls,
  ...openclawCalls,
  ...proofsCalls,
  ...routingCalls,
  ...settingsCalls,
  ...teamCalls,
  ...walletCalls,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;

export const callNames = Object.keys(calls) as CallName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}
