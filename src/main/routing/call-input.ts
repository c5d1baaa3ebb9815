import type { Agent } from '../../shared/contract/routing';
import { parseModelTarget } from '../../shared/domain/model-target';
import type { InferenceCall } from './run-types';
import { chatBodySchema, firstIssue, generateBodySchema } from './wire-schemas';
import { fastInferenceBody } from './call-fast-path';

/** A chat/generate body checked with Ollama's types and its model name parsed, or the 400's message. */
export type CallInput = { ok: true; call: InferenceCall } | { ok: false; message: string };

/**
 * Builds the engine's call from a decoded JSON body (the provider, jobs/route): the same schemas and
 * model-name rules for every caller. `raw` is the body as received (forwarded to Ollama when unchanged).
 */
export function inferenceCall(kind: 'chat' | 'generate', json: unknown, raw: Buffer, agent: Agent, arrivedAt: number): CallInput {
  let data = fastInferenceBody(kind, json);
  if (data === null) {
    const body = (kind === 'chat' ? chatBodySchema : generateBodySchema).safeParse(json);
    if (!body.success) return { ok: false, message: firstIssue(body.error) };
    data = body.data as InferenceCall['body'];
  }
  const parsed = parseModelTarget(data.model);
  if (!parsed) return { ok: false, message: `invalid model name "${data.model}"` };
  return { ok: true, call: { kind, body: data, raw, parsed, agent, arrivedAt } };
}
