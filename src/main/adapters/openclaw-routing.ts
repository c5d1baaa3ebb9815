import { z } from 'zod';
import type { AgentKeyIssuer, AgentMetering, CatalogModel, CatalogSource, MeteringSource } from '../openclaw/ports';
import type { RoutingAgents, RoutingMeter } from '../routing/port';

const tagsSchema = z.looseObject({ models: z.array(z.looseObject({ name: z.string() })) });
const showSchema = z.looseObject({
  capabilities: z.array(z.string()).optional(),
  model_info: z.record(z.string(), z.unknown()).optional(),
  parameters: z.string().optional(),
});

/**
 * The models ClawGrid serves, read from its own provider endpoint exactly as OpenClaw would see them
 * (`/api/tags` + `/api/show`): whatever the engine offers, local or network, with context and capabilities.
 */
export function providerHttpCatalog(baseUrl: () => string, timeoutMs = 5000): CatalogSource {
  return {
    async models() {
      const base = baseUrl();
      const tags = tagsSchema.parse(await (await fetch(`${base}/api/tags`, { signal: AbortSignal.timeout(timeoutMs) })).json());
      const out: CatalogModel[] = [];
      for (const m of tags.models) {
        const res = await fetch(`${base}/api/show`, { method: 'POST', body: JSON.stringify({ model: m.name }), signal: AbortSignal.timeout(timeoutMs) });
        if (!res.ok) continue;
        const show = showSchema.parse(await res.json());
        const infoCtx = Object.entries(show.model_info ?? {}).find(([k, v]) => k.endsWith('.context_length') && typeof v === 'number')?.[1] as number | undefined;
        const paramCtx = Number(/num_ctx\s+(\d+)/.exec(show.parameters ?? '')?.[1] ?? 0) || undefined;
        out.push({ id: m.name, contextLength: Math.max(infoCtx ?? 0, paramCtx ?? 0) || null, capabilities: show.capabilities ?? ['completion'] });
      }
      return out;
    },
  };
}

/** ClawGrid agent per OpenClaw agent, named "openclaw-<id>"; each wiring issues a fresh key (keys are shown once). */
export function agentStoreKeyIssuer(agents: () => RoutingAgents, linkedAgentId: (openclawId: string) => string | null): AgentKeyIssuer {
  return {
    issueKey(openclawAgentId) {
      const store = agents();
      const name = `openclaw-${openclawAgentId}`;
      const linked = linkedAgentId(openclawAgentId);
      const existing = (linked ? store.get(linked) : undefined) ?? store.list().find((a) => a.name === name);
      const { agent, key } = existing ? store.createKey(existing.id) : store.create(name);
      return { clawgridAgentId: agent.id, key };
    },
  };
}

/** Per-agent totals from routing's meter (its query API; the table stays routing's). */
export function routingMetering(meter: () => Pick<RoutingMeter, 'agentUsage'>): MeteringSource {
  return {
    perAgent: (ids) => meter().agentUsage(ids).map(({ agentId, ...u }): AgentMetering => ({ clawgridAgentId: agentId, ...u })),
  };
}
