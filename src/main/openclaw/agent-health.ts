import type { AgentRow, AgentsOverview, OpenClawAlert, OpenClawDetection } from '../../shared/contract/openclaw';
import { parseCliJson } from './cli-json';
import type { OpenClawCli } from './cli-runner';
import { agentsListSchema, gatewayAgentsListSchema, gatewaySessionsListSchema, type GatewayAgentsList, type GatewaySessionsList } from './cli-schemas';
import type { MeteringSource } from './ports';

/** Failed requests in a row before an agent gets an alert. */
export const FAILING_AGENT_THRESHOLD = 3;

export interface PollInput {
  detection: OpenClawDetection | null;
  cli: OpenClawCli | null;
  metering: MeteringSource | null;
  /** OpenClaw agent id → ClawGrid agent id (from the wiring). */
  links: Map<string, string>;
}

function modelRef(m: GatewayAgentsList['agents'][number]['model']): string | null {
  if (!m) return null;
  return typeof m === 'string' ? m : (m.primary ?? null);
}

/** Joins OpenClaw's agents and sessions with ClawGrid's metering into the Agents page's rows. */
export function joinAgents(
  agents: { id: string; name: string | null; model: string | null }[],
  sessions: GatewaySessionsList | null,
  metering: MeteringSource | null,
  links: Map<string, string>,
): AgentRow[] {
  const ids = agents.map((a) => links.get(a.id)).filter((x): x is string => Boolean(x));
  const meters = new Map((metering?.perAgent(ids) ?? []).map((m) => [m.clawgridAgentId, m]));
  return agents.map((a) => {
    const mine = sessions?.sessions.filter((s) => (s.agentId ?? s.key.split(':')[1]) === a.id) ?? [];
    const last = Math.max(0, ...mine.map((s) => s.lastActivityAt ?? s.updatedAt ?? 0));
    const m = links.has(a.id) ? meters.get(links.get(a.id)!) : undefined;
    return {
      id: a.id,
      name: a.name,
      model: a.model,
      onClawGrid: Boolean(a.model && /^clawgrid(-[a-z0-9-]+)?\//.test(a.model)),
      sessions: mine.length,
      lastActivityAt: last || null,
      inputTokens: mine.reduce((n, s) => n + (s.inputTokens ?? 0), 0),
      outputTokens: mine.reduce((n, s) => n + (s.outputTokens ?? 0), 0),
      costAit: m ? m.costAit : null,
      backends: m?.backends ?? [],
      failuresInARow: m?.failuresInARow ?? 0,
    };
  });
}

/**
 * One poll: gateway RPC reads when the gateway is live (agents.list, sessions.list, ~1–2 s each),
 * else `agents list --json` (no gateway needed) so the page still lists agents and models.
 */
export async function pollAgents(input: PollInput): Promise<{ agents: AgentRow[]; message: string }> {
  const { detection, cli } = input;
  if (!detection || detection.state !== 'ok' || !cli) return { agents: [], message: detection?.fixes[0]?.problem ?? 'OpenClaw has not been detected yet.' };
  if (detection.gateway.live) {
    const [al, sl] = await Promise.all([
      cli.run(['gateway', 'call', 'agents.list', '--json'], { timeoutMs: 20_000 }),
      cli.run(['gateway', 'call', 'sessions.list', '--json'], { timeoutMs: 20_000 }),
    ]);
    const agents = parseCliJson(al, gatewayAgentsListSchema);
    const sessions = parseCliJson(sl, gatewaySessionsListSchema);
    if (agents.ok) {
      const rows = agents.value.agents.map((a) => ({ id: a.id, name: a.name ?? null, model: modelRef(a.model) }));
      return { agents: joinAgents(rows, sessions.ok ? sessions.value : null, input.metering, input.links), message: sessions.ok ? '' : `Sessions unavailable: ${sessions.message}` };
    }
  }
  const list = parseCliJson(await cli.run(['agents', 'list', '--json'], { timeoutMs: 30_000 }), agentsListSchema);
  if (!list.ok) return { agents: [], message: list.message };
  const rows = list.value.map((a) => ({ id: a.id, name: a.name ?? null, model: a.model ?? null }));
  return {
    agents: joinAgents(rows, null, input.metering, input.links),
    message: detection.gateway.live ? '' : 'The gateway is not running: sessions and tokens appear once it is.',
  };
}

/** Alerts: the gateway went down (it was up, or OpenClaw is set up), agents failing repeatedly. Keeps `since`. */
export function computeAlerts(prev: OpenClawAlert[], detection: OpenClawDetection | null, agents: AgentRow[], now = Date.now()): OpenClawAlert[] {
  const since = (id: string) => prev.find((a) => a.id === id)?.since ?? now;
  const out: OpenClawAlert[] = [];
  if (detection?.state === 'ok' && !detection.gateway.live) {
    out.push({ id: 'gateway-down', severity: 'error', message: `The OpenClaw gateway is down: ${detection.gateway.message}`, since: since('gateway-down') });
  } else if (detection?.state === 'ok' && !detection.gateway.ready) {
    out.push({ id: 'gateway-not-ready', severity: 'warning', message: detection.gateway.message, since: since('gateway-not-ready') });
  }
  for (const a of agents) {
    if (a.failuresInARow >= FAILING_AGENT_THRESHOLD) {
      const id = `agent-failing:${a.id}`;
      out.push({ id, severity: 'warning', message: `Agent "${a.id}" failed its last ${a.failuresInARow} requests through ClawGrid.`, since: since(id) });
    }
  }
  return out;
}

export function emptyOverview(): AgentsOverview {
  return { detection: null, agents: [], alerts: [], agentsMessage: 'Checking for OpenClaw…', fetchedAt: null, polling: false, supervision: null, resources: null };
}
