import { startEngineHarness } from '../../routing/testing/engine-harness';
import { createProviderPlugins } from '../provider-plugins';

/** The provider with its plug-ins (telemetry, team) wired exactly as the container wires them, on a temp data dir. */
export async function startPluggedProvider(ollamaUrl: string, env: Record<string, string> = {}, lanPort = 0) {
  let plugins!: ReturnType<typeof createProviderPlugins>;
  const h = await startEngineHarness(
    ollamaUrl,
    (core) => {
      plugins = createProviderPlugins(core, { lanPort });
      return plugins.routingDeps;
    },
    env,
  );
  plugins.attach(h.feature.engine);
  await plugins.telemetry.start?.();
  await plugins.team.start?.();
  return {
    ...h,
    plugins,
    async close() {
      await plugins.team.close?.();
      await h.close();
      await plugins.telemetry.close?.();
    },
  };
}
