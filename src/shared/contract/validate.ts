import type { z } from 'zod';
import { calls, isCallName, type CallName, type CallOutput } from './calls';
import { ContractError, issuesFromZod, type AppError } from './errors';
import { events, isEventName, type EventBatch } from './events';
import type { Result } from './envelope';

/** Validates a call's input against the contract; used by main (authoritative) and by the client side (early). */
export function parseCallInput<K extends CallName>(name: K, input: unknown): z.output<(typeof calls)[K]['input']> {
  const parsed = calls[name].input.safeParse(input ?? {});
  if (!parsed.success) throw new ContractError('INVALID_INPUT', `Invalid input for ${name}`, issuesFromZod(parsed.error));
  return parsed.data as z.output<(typeof calls)[K]['input']>;
}

/** Validates a reply on the receiving side; a malformed reply becomes an error value, not a crash. */
export function parseCallResult<K extends CallName>(name: K, result: unknown): Result<CallOutput<K>> {
  if (!isCallName(name)) return { ok: false, error: { code: 'UNKNOWN_CALL', message: `Unknown call: ${String(name)}` } };
  if (typeof result !== 'object' || result === null || !('ok' in result)) {
    return { ok: false, error: { code: 'TRANSPORT', message: `Malformed reply to ${name}` } };
  }
  const r = result as { ok: unknown; output?: unknown; error?: AppError };
  if (r.ok === false) return { ok: false, error: r.error ?? { code: 'INTERNAL', message: 'Unknown error' } };
  const parsed = calls[name].output.safeParse(r.output);
  if (!parsed.success) {
    return { ok: false, error: { code: 'INVALID_OUTPUT', message: `Reply to ${name} does not match the contract`, issues: issuesFromZod(parsed.error) } };
  }
  return { ok: true, output: parsed.data as CallOutput<K> };
}

/** Keeps only the known, valid events of a batch; drops (and reports) the rest. */
export function parseEventBatch(batch: Record<string, unknown>, onInvalid?: (name: string, message: string) => void): EventBatch {
  const out: Record<string, unknown> = {};
  for (const [name, payload] of Object.entries(batch)) {
    if (!isEventName(name)) {
      onInvalid?.(name, 'unknown event');
      continue;
    }
    const parsed = events[name].safeParse(payload);
    if (parsed.success) out[name] = parsed.data;
    else onInvalid?.(name, parsed.error.message);
  }
  return out as EventBatch;
}
