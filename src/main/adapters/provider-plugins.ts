import type http from 'node:http';
import type { CoreServices } from '../feature';
import type { MonitorService } from '../monitor/port';
import type { RoutingFeatureDeps, EngineService } from '../routing/routing-feature';
import type { WalletFeature } from '../wallet/port';
import { createTeamFeature } from '../team/team-feature';
import type { BudgetHeadroom } from '../telemetry/port';
import { createTelemetryFeature } from '../telemetry/telemetry-feature';

/**
 * What plugs into the provider besides routing itself: telemetry (`/metrics`, spans, content capture) and
 * team serving (the per-peer gate, the TLS listener on the provider's handler). Built before routing (whose
 * deps take the hooks), attached to it once it exists. The container and the provider's tests both use this.
 */
export function createProviderPlugins(core: CoreServices, opts: { monitor?: MonitorService; budgets?: () => Promise<readonly BudgetHeadroom[]>; lanPort?: number } = {}) {
  const telemetry = createTelemetryFeature(core, { monitor: opts.monitor, budgets: opts.budgets });
  let handler: http.RequestListener | null = null;
  const team = createTeamFeature(core, {
    handler: () => {
      if (!handler) throw new Error('the team listener started before the provider was attached');
      return handler;
    },
    ...(opts.lanPort !== undefined ? { lanPort: opts.lanPort } : {}),
  });
  const routingDeps: Pick<RoutingFeatureDeps, 'intercept' | 'gate' | 'wrapEngine'> = { intercept: telemetry.intercept, gate: team.gate, wrapEngine: telemetry.wrapEngine };
  return {
    telemetry,
    team,
    routingDeps,
    attach(engine: Pick<EngineService, 'meter' | 'provider'>) {
      telemetry.observe(engine.meter);
      handler = engine.provider.handler;
    },
  };
}

/** Budget headroom per agent with a limit, from the wallet's spend overview (read at scrape time). */
export function walletBudgets(wallet: Pick<WalletFeature, 'handlers'>): () => Promise<BudgetHeadroom[]> {
  return async () => {
    const o = await wallet.handlers['wallet.spendOverview']({}, { transport: 'internal' });
    return o.agents.flatMap((a) => (a.usage.availableAit === null ? [] : [{ agentId: a.agentId, remainingAit: a.usage.availableAit }]));
  };
}
