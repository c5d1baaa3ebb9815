import { z } from 'zod';
import { appErrorSchema, type AppError } from './errors';

/** A call as it travels over WebSocket (IPC carries name and input as separate arguments). */
export const requestEnvelopeSchema = z.object({
  id: z.number().int().nonnegative(),
  call: z.string().max(100),
  input: z.unknown(),
});
export type RequestEnvelope = z.infer<typeof requestEnvelopeSchema>;

/** The reply to a call: a value or an error value, never a thrown exception. */
export const resultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), output: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorSchema }),
]);
export type Result<T = unknown> = { ok: true; output: T } | { ok: false; error: AppError };

/** Messages from main to a WebSocket client. */
export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), result: resultSchema }),
  z.object({ type: z.literal('events'), batch: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('hello'), host: z.enum(['electron', 'headless']) }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** Channel names used by Electron IPC: the preload and main both import these. */
export const IPC_CALL_CHANNEL = 'clawgrid:call';
export const IPC_EVENTS_CHANNEL = 'clawgrid:events';
