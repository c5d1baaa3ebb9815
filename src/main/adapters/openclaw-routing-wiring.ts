import type { CoreServices } from '../feature';
import type { OpenClawFeatureDeps } from '../openclaw/openclaw-feature';
import type { RoutingPort } from '../routing/port';
import { agentStoreKeyIssuer, providerHttpCatalog, routingMetering } from './openclaw-routing';

/** The OpenClaw feature's ports, backed by routing: its agent keys, its provider endpoint, its metering. */
export function engineBackedDeps(core: CoreServices, routing: RoutingPort): Pick<OpenClawFeatureDeps, 'keys' | 'catalog' | 'metering' | 'providerBaseUrl'> {
  const providerBaseUrl = () => `http://127.0.0.1:${routing.providerPort() ?? core.settings.get().providerPort}`;
  return {
    providerBaseUrl,
    catalog: providerHttpCatalog(providerBaseUrl),
    metering: routingMetering(() => routing.meter),
    keys: agentStoreKeyIssuer(
      () => routing.agents,
      (id) => (core.db.prepare('SELECT clawgrid_agent_id FROM openclaw_agent_links WHERE openclaw_agent_id = ?').get(id) as { clawgrid_agent_id: string } | undefined)?.clawgrid_agent_id ?? null,
    ),
  };
}
