import type { CatalogModel } from './ports';

/** OpenClaw's agent system prompt alone is ~16.4K tokens: smaller contexts cannot run an agent turn. */
export const MIN_AGENT_CONTEXT = 16_000;
/** OpenClaw caps local-host context at 32768 (OLLAMA_LOCAL_CONTEXT_TOKENS); ClawGrid follows. */
export const AGENT_CONTEXT_TOKENS = 32_768;
export const PROVIDER_TIMEOUT_SECONDS = 300;
export const REDACTED = '__OPENCLAW_REDACTED__';

/** One model entry of `models.providers.<id>.models` in OpenClaw 2026.9.6's schema. */
export interface ProviderModelEntry {
  id: string;
  name: string;
  input: ('text' | 'image')[];
  reasoning: boolean;
  contextWindow: number;
  contextTokens: number;
  maxTokens: number;
  compat: { supportsTools: boolean };
  params: { num_ctx: number };
}

export interface ProviderConfig {
  baseUrl: string;
  api: 'ollama';
  apiKey: string;
  timeoutSeconds: number;
  models: ProviderModelEntry[];
}

/** Models fit for agents: chat-capable, tool-capable, ≥ 16K context; the rest are listed as skipped with why. */
export function agentModels(catalog: CatalogModel[]): { models: ProviderModelEntry[]; skipped: { id: string; why: string }[] } {
  const models: ProviderModelEntry[] = [];
  const skipped: { id: string; why: string }[] = [];
  for (const m of [...catalog].sort((a, b) => a.id.localeCompare(b.id))) {
    const caps = new Set(m.capabilities);
    if (caps.has('embedding') && !caps.has('completion')) skipped.push({ id: m.id, why: 'embedding-only' });
    else if (!caps.has('tools')) skipped.push({ id: m.id, why: 'no tool calling' });
    else if ((m.contextLength ?? 0) < MIN_AGENT_CONTEXT) skipped.push({ id: m.id, why: m.contextLength ? `context ${m.contextLength} < ${MIN_AGENT_CONTEXT}` : 'context length unknown' });
    else {
      const ctx = Math.min(m.contextLength!, AGENT_CONTEXT_TOKENS);
      models.push({
        id: m.id,
        name: m.id,
        input: caps.has('vision') ? ['text', 'image'] : ['text'],
        reasoning: caps.has('thinking'),
        contextWindow: m.contextLength!,
        contextTokens: ctx,
        maxTokens: Math.min(8192, Math.floor(ctx / 4)),
        compat: { supportsTools: true },
        params: { num_ctx: ctx },
      });
    }
  }
  return { models, skipped };
}

/** The provider block OpenClaw gets: api `ollama`, base URL without `/v1`, the agent's key, 300 s timeout. */
export function providerConfig(baseUrl: string, apiKey: string, models: ProviderModelEntry[]): ProviderConfig {
  return { baseUrl: stripV1(baseUrl), api: 'ollama', apiKey, timeoutSeconds: PROVIDER_TIMEOUT_SECONDS, models };
}

export function stripV1(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** Provider id per OpenClaw agent: `clawgrid` for the default agent, `clawgrid-<id>` for others (one key each). */
export function providerIdFor(agentId: string, defaultAgentId: string | null): string {
  if (agentId === (defaultAgentId ?? 'main')) return 'clawgrid';
  return `clawgrid-${agentId.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;
}

/** A copy safe to store or show: the key replaced by OpenClaw's own redaction marker. */
export function redactKey<T>(value: T): T {
  if (value && typeof value === 'object' && 'apiKey' in value) return { ...value, apiKey: REDACTED };
  return value;
}

/** Whether two model lists would serve the same models with the same limits (no resync needed). */
export function sameModels(a: ProviderModelEntry[], b: ProviderModelEntry[]): boolean {
  const key = (l: ProviderModelEntry[]) => JSON.stringify(l.map((m) => [m.id, m.contextWindow, m.contextTokens, m.input, m.reasoning]));
  return key(a) === key(b);
}
