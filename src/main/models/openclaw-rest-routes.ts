import { z } from 'zod';
import { ContractError, issuesFromZod } from '../../shared/contract/errors';
import type { RestReply, RestRoute } from '../host/rest-route';
import type { AgentDirectory, JobRouter, ProviderRegistry } from './catalog-ports';
import type { CatalogService } from './catalog-service';
import type { DeployService } from './deploy-service';

/** The plan's script API: `POST /api/v1/openclaw/models/deploy` with `{"model_id": "...", "target": "local"}` etc. */
const deployBody = z
  .object({
    model_id: z.string().min(1).max(200),
    target: z.enum(['local', 'network']),
    /** Network: pin this miner (`<model>@<miner_id>`); omitted lets the engine choose per request. */
    miner_id: z.string().min(1).max(200).optional(),
    /** Network: the marketplace names offers by miner here; accepted as an alias of miner_id. */
    offer_id: z.string().min(1).max(200).optional(),
    agents: z.array(z.string().min(1)).max(100).optional(),
    /** Wait until the deploy is ready or failed (a pull can take minutes); default: answer 202 at once. */
    wait: z.boolean().optional(),
  })
  .strict()
  .refine((b) => b.target === 'network' || (b.miner_id === undefined && b.offer_id === undefined), { message: 'miner_id/offer_id only apply to target "network"', path: ['miner_id'] });

const agentsBody = z.object({ agent_id: z.string().min(1).max(200), models: z.array(z.string().min(1).max(200)).min(1).max(100) }).strict();

const routeBody = z
  .object({
    model: z.string().min(1).max(200),
    prompt: z.string().max(1_000_000).optional(),
    messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant', 'tool']), content: z.string() })).min(1).max(1000).optional(),
    agent_id: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((b) => (b.prompt === undefined) !== (b.messages === undefined), { message: 'give exactly one of prompt or messages', path: ['prompt'] });

export interface OpenClawRestDeps {
  catalog: CatalogService;
  deploys: DeployService;
  registry: ProviderRegistry;
  /** Null until the engine (#4) is wired: jobs/route answers 503. */
  jobs: () => JobRouter | null;
  /** Null until the OpenClaw feature (#8) is wired: agents/register answers 503. */
  agents: () => AgentDirectory | null;
}

const fail = (status: number, code: string, message: string, issues?: { path: string; message: string }[]): RestReply => ({
  status,
  body: { ok: false, error: issues ? { code, message, issues } : { code, message } },
});

function invalid(error: z.ZodError): RestReply {
  return fail(400, 'INVALID_INPUT', `Invalid request body: ${issuesFromZod(error).map((i) => `${i.path}: ${i.message}`).join('; ')}`, issuesFromZod(error));
}

function fromError(err: unknown): RestReply {
  if (err instanceof ContractError) {
    const status = err.code === 'NOT_FOUND' ? 404 : err.code === 'INVALID_INPUT' ? 400 : err.code === 'UNAVAILABLE' ? 503 : 500;
    return fail(status, err.code, err.message);
  }
  return fail(500, 'INTERNAL', err instanceof Error ? err.message : String(err));
}

/** The four endpoints of the plan, backed by the same services as the Models page. */
export function openClawRestRoutes(deps: OpenClawRestDeps): RestRoute[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/openclaw/models/deploy',
      async handler(body) {
        const b = deployBody.safeParse(body);
        if (!b.success) return invalid(b.error);
        try {
          const minerId = b.data.miner_id ?? b.data.offer_id ?? null;
          let d =
            b.data.target === 'local'
              ? deps.deploys.deploy({ target: 'local', model: b.data.model_id, agents: b.data.agents ?? [] })
              : deps.deploys.deploy({ target: 'network', model: b.data.model_id, minerId, agents: b.data.agents ?? [] });
          if (!b.data.wait) return { status: 202, body: { ok: true, deployment: d } };
          d = await deps.deploys.settled(d.id);
          if (d.status === 'ready') return { status: 200, body: { ok: true, deployment: d } };
          const code = d.error?.code ?? 'CANCELED';
          const status = code === 'NO_OFFER' || code === 'OLLAMA_ABSENT' || code === 'UNAVAILABLE' ? 503 : 502;
          return { status, body: { ok: false, error: { code, message: d.error?.message ?? 'The deploy was canceled' }, deployment: d } };
        } catch (err) {
          return fromError(err);
        }
      },
    },
    {
      method: 'POST',
      path: '/api/v1/openclaw/agents/register',
      async handler(body, ctx) {
        const b = agentsBody.safeParse(body);
        if (!b.success) return invalid(b.error);
        const dir = deps.agents();
        if (!dir) return fail(503, 'UNAVAILABLE', 'The OpenClaw integration is not available in this build yet; agents cannot be registered');
        try {
          const agent = await dir.register(b.data.agent_id, b.data.models, ctx.signal);
          return { status: 200, body: { ok: true, agent } };
        } catch (err) {
          return fromError(err);
        }
      },
    },
    {
      method: 'POST',
      path: '/api/v1/openclaw/jobs/route',
      async handler(body, ctx) {
        const b = routeBody.safeParse(body);
        if (!b.success) return invalid(b.error);
        const router = deps.jobs();
        if (!router) return fail(503, 'UNAVAILABLE', 'The hybrid engine is not available in this build yet; requests cannot be routed');
        try {
          const r = await router.route({ model: b.data.model, prompt: b.data.prompt, messages: b.data.messages, agentId: b.data.agent_id }, ctx.signal);
          return { status: 200, body: { ok: true, ...r } };
        } catch (err) {
          return fromError(err);
        }
      },
    },
    {
      method: 'GET',
      path: '/api/v1/openclaw/status',
      async handler() {
        const list = await deps.catalog.list();
        return {
          status: 200,
          body: {
            ok: true,
            sources: list.sources,
            memory: list.memory,
            deployments: deps.deploys.list(),
            providerModels: deps.registry.list(),
            engine: deps.jobs() ? 'available' : 'unavailable',
            openclaw: deps.agents() ? 'available' : 'unavailable',
          },
        };
      },
    },
  ];
}
