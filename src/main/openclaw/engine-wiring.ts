import type { EngineService } from '../routing/routing-feature';
import type { CoreServices } from '../feature';
import { agentStoreKeyIssuer, providerHttpCatalog, routingLogMetering } from './engine-adapters';
import type { OpenClawFeatureDeps } from './openclaw-feature';

/** The OpenClaw feature's ports, backed by the running engine: its agent keys, its provider endpoint, its metering. */
export function engineBackedDeps(core: CoreServices, engine: EngineService): Pick<OpenClawFeatureDeps, 'keys' | 'catalog' | 'metering' | 'providerBaseUrl'> {
  const providerBaseUrl = () => `http://127.0.0.1:${engine.provider.port() ?? core.settings.get().providerPort}`;
  return {
    providerBaseUrl,
    catalog: providerHttpCatalog(providerBaseUrl),
    metering: routingLogMetering(core.db),
    keys: agentStoreKeyIssuer(
      () => engine.agents,
      (id) => (core.db.prepare('SELECT clawgrid_agent_id FROM openclaw_agent_links WHERE openclaw_agent_id = ?').get(id) as { clawgrid_agent_id: string } | undefined)?.clawgrid_agent_id ?? null,
    ),
  };
}
