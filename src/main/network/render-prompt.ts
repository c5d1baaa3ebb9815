import type { NetworkInferenceRequest } from '../routing/port';

/**
 * A chat rendered as one prompt for prompt-only miners (the AITBC reference miner runs Ollama /api/generate
 * with `payload.prompt`): "System:/User:/Assistant:" turns, ending with an open "Assistant:" turn.
 */
export function renderPrompt(req: Pick<NetworkInferenceRequest, 'messages' | 'prompt' | 'system'>): string {
  if (!req.messages?.length) return req.system ? `${req.system}\n\n${req.prompt ?? ''}` : (req.prompt ?? '');
  const label: Record<string, string> = { system: 'System', user: 'User', assistant: 'Assistant', tool: 'Tool' };
  const lines: string[] = [];
  if (req.system) lines.push(`System: ${req.system}`);
  for (const m of req.messages) lines.push(`${label[m.role] ?? m.role}: ${m.content}`);
  lines.push('Assistant:');
  return lines.join('\n\n');
}

/** The job payload: what the reference miner understands plus ClawGrid's chat extension (messages, tools…). */
export function inferencePayload(req: NetworkInferenceRequest): Record<string, unknown> {
  const payload: Record<string, unknown> = { type: 'inference', model: req.model, prompt: renderPrompt(req) };
  if (req.messages?.length) payload.messages = req.messages;
  if (req.system !== undefined) payload.system = req.system;
  if (req.tools?.length) payload.tools = req.tools;
  if (req.options) payload.options = req.options;
  if (req.think !== undefined) payload.think = req.think;
  if (req.format !== undefined) payload.format = req.format;
  return payload;
}
