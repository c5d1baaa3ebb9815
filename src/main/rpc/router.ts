import { calls, isCallName, type CallName, type CallOutput } from '../../shared/contract/calls';
import { ContractError, issuesFromZod, type AppError } from '../../shared/contract/errors';
import type { Result } from '../../shared/contract/envelope';
import type { z } from 'zod';
import type { Logger } from '../log/logger';

/** Who is calling: used for logging and, later, per-caller policy. */
export interface CallContext {
  /** Where the call came from; `internal` = another part of main (an adapter reading a feature's answer). */
  transport: 'ipc' | 'ws' | 'rest' | 'test' | 'internal';
}

export type Handler<K extends CallName> = (
  input: z.output<(typeof calls)[K]['input']>,
  ctx: CallContext,
) => Promise<CallOutput<K>> | CallOutput<K>;

/** Every call in the contract must have a handler: a missing one is a type error, not a runtime 404. */
export type Handlers = { [K in CallName]: Handler<K> };

/** The main-side router: validates name, input and output against the contract; never throws. */
export interface Router {
  dispatch(name: unknown, input: unknown, ctx: CallContext): Promise<Result>;
}

export function createRouter(handlers: Handlers, log: Logger): Router {
  return {
    async dispatch(name, input, ctx) {
      if (!isCallName(name)) {
        return { ok: false, error: { code: 'UNKNOWN_CALL', message: `Unknown call: ${String(name).slice(0, 100)}` } };
      }
      const schema = calls[name];
      const parsedInput = schema.input.safeParse(input ?? {});
      if (!parsedInput.success) {
        const issues = issuesFromZod(parsedInput.error);
        // The first issue in the message too: a script reading only `message` learns what to fix.
        const first = issues[0] ? `: ${issues[0].path} ${issues[0].message}` : '';
        return { ok: false, error: { code: 'INVALID_INPUT', message: `Invalid input for ${name}${first}`, issues } };
      }
      try {
        const handler = handlers[name] as Handler<typeof name>;
        const output = await handler(parsedInput.data as never, ctx);
        const parsedOutput = schema.output.safeParse(output);
        if (!parsedOutput.success) {
          log.error('rpc.invalid_output', { call: name, issues: issuesFromZod(parsedOutput.error) });
          return { ok: false, error: { code: 'INVALID_OUTPUT', message: `ClawGrid produced an invalid reply for ${name}` } };
        }
        return { ok: true, output: parsedOutput.data };
      } catch (err) {
        if (err instanceof ContractError) return { ok: false, error: err.toValue() };
        log.error('rpc.handler_failed', { call: name, transport: ctx.transport, err: String(err) });
        const error: AppError = { code: 'INTERNAL', message: `${name} failed: ${err instanceof Error ? err.message : String(err)}` };
        return { ok: false, error };
      }
    },
  };
}
