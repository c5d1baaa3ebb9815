/**
 * OpenClaw's agent prompt alone is ~16.4K tokens and every turn offers tools, so a model that cannot call
 * tools or holds less than 16K tokens of context cannot serve an agent (reference: ollama-api.md §5, §6).
 */
export const OPENCLAW_MIN_CONTEXT = 16_384;

/** Why a model can or cannot serve OpenClaw agents. */
export interface OpenClawSuitability {
  ok: boolean;
  /** Human reasons it cannot (empty when ok). */
  reasons: string[];
}

export function openClawSuitability(model: { capabilities: readonly string[]; contextLength: number | null }): OpenClawSuitability {
  const reasons: string[] = [];
  const caps = new Set(model.capabilities);
  if (caps.has('embedding') && !caps.has('completion')) reasons.push('embedding model (no chat)');
  else if (!caps.has('tools')) reasons.push('no tool calling');
  if (model.contextLength === null) reasons.push('context length unknown');
  else if (model.contextLength < OPENCLAW_MIN_CONTEXT) reasons.push(`context ${Math.round(model.contextLength / 1024)}K < 16K`);
  return { ok: reasons.length === 0, reasons };
}
