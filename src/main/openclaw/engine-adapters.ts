import { z } from 'zod';
import { formatAmount, tryParseAmount, ZERO } from '../../shared/domain/decimal';
import type { AgentStore } from '../routing/agent-store';
import type { Db } from '../store/database';
import type { AgentKeyIssuer, AgentMetering, CatalogModel, CatalogSource, MeteringSource } from './ports';

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
export function agentStoreKeyIssuer(agents: () => AgentStore, linkedAgentId: (openclawId: string) => string | null): AgentKeyIssuer {
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

/** Per-agent totals from the engine's metered request log (read-only). */
export function routingLogMetering(db: Db): MeteringSource {
  return {
    perAgent(ids) {
      if (ids.length === 0) return [];
      const marks = ids.map(() => '?').join(',');
      const rows = db
        .prepare(`SELECT agent_id, backend, status, cost_ait, at_ms FROM routing_requests WHERE agent_id IN (${marks}) ORDER BY at_ms DESC`)
        .all(...ids) as { agent_id: string; backend: string | null; status: string; cost_ait: string }[];
      return ids.map((id): AgentMetering => {
        const mine = rows.filter((r) => r.agent_id === id);
        let cost = ZERO;
        const backends = new Map<string, number>();
        for (const r of mine) {
          cost += tryParseAmount(r.cost_ait) ?? ZERO;
          const b = r.backend ?? 'none';
          backends.set(b, (backends.get(b) ?? 0) + 1);
        }
        const firstOk = mine.findIndex((r) => r.status === 'ok');
        return {
          clawgridAgentId: id,
          requests: mine.length,
          costAit: formatAmount(cost),
          backends: [...backends].map(([backend, requests]) => ({ backend, requests })),
          failuresInARow: firstOk === -1 ? mine.filter((r) => r.status === 'error').length : mine.slice(0, firstOk).filter((r) => r.status === 'error').length,
        };
      });
    },
  };
}
