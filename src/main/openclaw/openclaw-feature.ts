import crypto from 'node:crypto';
import path from 'node:path';
import type { openclawCalls, AgentsOverview, OpenClawDetection, UpgradeRun } from '../../shared/contract/openclaw';
import { upgradeRunSchema } from '../../shared/contract/openclaw';
import { ContractError } from '../../shared/contract/errors';
import type { CoreServices, Feature } from '../feature';
import { computeAlerts, emptyOverview, pollAgents } from './agent-health';
import { createOpenClawCli, type OpenClawCli } from './cli-runner';
import { detectOpenClaw } from './detect';
import { probeGateway } from './gateway-probe';
import { createGatewayKeeper } from './gateway-keeper';
import type { SupervisorPolicy } from './gateway-supervisor-policy';
import { createNpmInstaller } from './openclaw-installer';
import type { AgentKeyIssuer, CatalogSource, MeteringSource, SpendPause } from './ports';
import { createProviderWiring, type ProviderWiring } from './provider-wiring';
import { runRollback } from './upgrade-rollback';
import { runUpgrade, type UpgradeDeps } from './upgrade-wizard';
import { createVersionManager } from './version-manager';

export interface OpenClawFeatureDeps {
  /** A configured `openclaw` path (else CLAWGRID_OPENCLAW_BIN, PATH, npm global prefixes). */
  bin?: string;
  /** Directory of a Node ≥ 24.16 to run OpenClaw with (else CLAWGRID_OPENCLAW_NODE_DIR, ClawGrid's private Node, PATH). */
  nodeBinDir?: string;
  /** Env for OpenClaw (HOME, OPENCLAW_STATE_DIR…); defaults to ClawGrid's env. */
  openclawEnv?: Record<string, string | undefined>;
  keys?: AgentKeyIssuer;
  catalog?: CatalogSource;
  metering?: MeteringSource;
  /** The provider endpoint OpenClaw should call (no /v1); defaults to 127.0.0.1:settings.providerPort. */
  providerBaseUrl?: () => string;
  pollMs?: number;
  syncMs?: number;
  /** Pauses agents' network spend when the gateway's processes run over their limits (adapters: the engine's admission). */
  spendPause?: SpendPause;
  /** Tests: faster supervision. */
  supervisorPolicy?: Partial<SupervisorPolicy>;
  gatewayWaitMs?: number;
}

export interface OpenClawFeature extends Feature<typeof openclawCalls> {
  readonly wiring: ProviderWiring;
  /** Runs detection now; resolves with its result (tests, and the wiring path). */
  detect(): Promise<OpenClawDetection>;
  /** One poll of agents now (tests). */
  poll(): Promise<AgentsOverview>;
  /** The CLI as detected (null until OpenClaw is found). */
  cli(): OpenClawCli | null;
}

const noKeys: AgentKeyIssuer = {
  issueKey: () => {
    throw new ContractError('UNAVAILABLE', 'ClawGrid’s agent keys are not available (the engine is not running).');
  },
};
const noCatalog: CatalogSource = { models: async () => [] };

/** OpenClaw integration: detection, provider wiring, agent health, version pinning and the upgrade wizard. */
export function createOpenClawFeature(core: CoreServices, deps: OpenClawFeatureDeps = {}): OpenClawFeature {
  const env = deps.openclawEnv ?? core.env;
  const providerBaseUrl = deps.providerBaseUrl ?? (() => `http://127.0.0.1:${core.settings.get().providerPort}`);
  let detection: OpenClawDetection | null = null;
  let cli: OpenClawCli | null = null;
  let overview: AgentsOverview = emptyOverview();
  let upgrade: UpgradeRun | null = loadLastRun();
  let upgrading = false;
  let polling: Promise<AgentsOverview> | null = null;
  let detecting: Promise<OpenClawDetection> | null = null;
  const timers: NodeJS.Timeout[] = [];
  let closed = false;

  const versions = createVersionManager(core.db, () => cli, core.log);
  const keeper = createGatewayKeeper({
    settings: core.settings,
    log: core.log,
    cli: () => cli,
    port: () => detection?.gatewayPort ?? 18789,
    agentIds: () => [...links().values()],
    spendPause: deps.spendPause,
    onChange: () => publishOverview(),
    policy: deps.supervisorPolicy,
    gatewayWaitMs: deps.gatewayWaitMs,
  });
  const publishOverview = () => {
    overview = { ...overview, supervision: keeper.supervision(), resources: keeper.resources() };
    if (!closed) core.hub.publish('openclaw.agents', overview);
  };
  const wiring = createProviderWiring({ db: core.db, log: core.log, cli: () => cli, keys: deps.keys ?? noKeys, catalog: deps.catalog ?? noCatalog, providerBaseUrl });
  const links = () =>
    new Map((core.db.prepare('SELECT openclaw_agent_id, clawgrid_agent_id FROM openclaw_agent_links').all() as { openclaw_agent_id: string; clawgrid_agent_id: string }[]).map((r) => [r.openclaw_agent_id, r.clawgrid_agent_id]));

  function loadLastRun(): UpgradeRun | null {
    const row = core.db.prepare('SELECT run_json FROM openclaw_upgrade_runs ORDER BY started_ms DESC LIMIT 1').get() as { run_json: string } | undefined;
    const parsed = row ? upgradeRunSchema.safeParse(JSON.parse(row.run_json)) : null;
    return parsed?.success ? parsed.data : null;
  }

  const detect = () =>
    (detecting ??= (async () => {
      try {
        const d = await detectOpenClaw({
          env,
          bin: deps.bin ?? env.CLAWGRID_OPENCLAW_BIN ?? null,
          nodeBinDir: deps.nodeBinDir ?? env.CLAWGRID_OPENCLAW_NODE_DIR ?? null,
          privateNodeDir: path.join(core.dataDir, 'node24'),
          installVersion: versions.pin()?.version ?? null,
        });
        cli = d.binPath && d.state !== 'missing' ? createOpenClawCli({ bin: d.binPath, nodeBinDir: d.nodeBinDir, env }) : null;
        const { nodeBinDir: _n, ...pub } = d;
        detection = pub;
        return pub;
      } finally {
        detecting = null;
      }
    })());

  const poll = () =>
    (polling ??= (async () => {
      try {
        overview = { ...overview, polling: true };
        const d = await detect();
        const { agents, message } = await pollAgents({ detection: d, cli, metering: deps.metering ?? null, links: links() });
        overview = { detection: d, agents, alerts: computeAlerts(overview.alerts, d, agents), agentsMessage: message, fetchedAt: Date.now(), polling: false, supervision: keeper.supervision(), resources: keeper.resources() };
        keeper.resume();
      } catch (err) {
        core.log.warn('openclaw.poll_failed', { err: String(err) });
        overview = { ...overview, polling: false, agentsMessage: `Last refresh failed: ${err instanceof Error ? err.message : String(err)}` };
      } finally {
        polling = null;
      }
      publishOverview();
      return overview;
    })());

  const publishRun = (run: UpgradeRun) => {
    upgrade = run;
    if (!closed) core.hub.publish('openclaw.upgrade', run);
  };

  /** Everything one wizard run needs, from the current detection. */
  const wizardDeps = (d: OpenClawDetection, c: OpenClawCli): Omit<UpgradeDeps, 'onChange'> => ({
    cli: c,
    nodeVersion: d.nodeVersion,
    stateDir: d.stateDir,
    dataDir: core.dataDir,
    probe: () => probeGateway(d.gatewayPort),
    gateway: keeper.control(c),
    installer: createNpmInstaller(c),
  });
  const usable = async () => {
    const d = await detect();
    const c = cli;
    if (!c || d.state !== 'ok') throw new ContractError('UNAVAILABLE', d.fixes[0] ? `${d.fixes[0].problem} Fix: ${d.fixes[0].command}` : 'OpenClaw is not usable.');
    if (upgrading) throw new ContractError('INVALID_INPUT', 'An upgrade or rollback is already running.');
    return { d, c };
  };
  /** Runs one wizard (upgrade or rollback) in the background; answers with its first state. */
  const launch = (go: (onChange: (r: UpgradeRun) => void) => Promise<UpgradeRun>, after?: (run: UpgradeRun) => Promise<void>): UpgradeRun => {
    upgrading = true;
    let first: UpgradeRun | null = null;
    void go((r) => ((first ??= r), publishRun(r)))
      .then(async (run) => {
        core.db.prepare('INSERT OR REPLACE INTO openclaw_upgrade_runs (id, started_ms, run_json) VALUES (?, ?, ?)').run(run.id, run.startedAt, JSON.stringify(run));
        await after?.(run);
        void poll();
      })
      .catch((err) => core.log.error('openclaw.upgrade_crashed', { err: String(err) }))
      .finally(() => {
        upgrading = false;
      });
    return first ?? upgrade!;
  };

  const versionInfo = async () => ({ ...(await versions.info(detection?.version ?? null)), lastRun: upgrade });

  return {
    wiring,
    detect,
    poll,
    cli: () => cli,
    handlers: {
      'openclaw.detect': () => detect(),
      'openclaw.agents': () => overview,
      'openclaw.refresh': () => {
        const started = polling === null;
        void poll();
        return { started };
      },
      'openclaw.wiring': () => wiring.status(),
      'openclaw.wire': async (input) => {
        if (!cli) await detect();
        const s = await wiring.wire(input);
        void poll();
        return s;
      },
      'openclaw.unwire': async () => {
        if (!cli) await detect();
        const s = await wiring.undo();
        void poll();
        return s;
      },
      'openclaw.syncModels': async () => {
        if (!cli) await detect();
        return wiring.syncModels();
      },
      'openclaw.versions': async () => {
        if (!cli) await detect();
        return versionInfo();
      },
      'openclaw.pin': async ({ version, reason }) => {
        await versions.setPin(version, reason);
        return versionInfo();
      },
      'openclaw.unpin': async () => {
        versions.clearPin();
        return versionInfo();
      },
      'openclaw.upgradeRun': () => upgrade,
      'openclaw.upgradeStart': async ({ targetVersion, dryRun }) => {
        const { d, c } = await usable();
        const from = versions.pin()?.version ?? d.version;
        return launch(
          (onChange) => runUpgrade({ ...wizardDeps(d, c), onChange }, { id: crypto.randomUUID(), from, target: targetVersion, dryRun }),
          async (run) => {
            const pin = versions.pin();
            if (!dryRun && run.state === 'succeeded' && pin) await versions.setPin(targetVersion, `${pin.reason} (moved by the upgrade to ${targetVersion})`);
          },
        );
      },
      'openclaw.upgradeRollback': async ({ runId }) => {
        const row = core.db.prepare('SELECT run_json FROM openclaw_upgrade_runs WHERE id = ?').get(runId) as { run_json: string } | undefined;
        const of = row ? upgradeRunSchema.safeParse(JSON.parse(row.run_json)) : null;
        if (!of?.success) throw new ContractError('NOT_FOUND', `No upgrade run ${runId}.`);
        if (of.data.dryRun || of.data.rollbackOf) throw new ContractError('INVALID_INPUT', 'Only a real upgrade can be rolled back.');
        const { d, c } = await usable();
        return launch((onChange) => runRollback({ ...wizardDeps(d, c), onChange }, { id: crypto.randomUUID(), of: of.data }));
      },
      'openclaw.keepGateway': async ({ enabled }) => {
        if (enabled && !cli) await detect();
        const s = await keeper.setEnabled(enabled);
        publishOverview();
        return s;
      },
    },
    start() {
      void poll();
      timers.push(setInterval(() => void poll(), deps.pollMs ?? 15_000));
      timers.push(
        setInterval(() => {
          if (wiring.status().wired) void wiring.syncModels().catch((err) => core.log.warn('openclaw.sync_failed', { err: String(err) }));
        }, deps.syncMs ?? 60_000),
      );
      for (const t of timers) t.unref();
    },
    async close() {
      closed = true;
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([polling, detecting]);
      await keeper.close();
    },
  };
}
