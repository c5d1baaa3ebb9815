import type { appCalls } from '../shared/contract/app';
import type { settingsCalls, SettingsView } from '../shared/contract/settings';
import type { RegisteredModel } from './models/catalog-ports';
import { createModelsFeature } from './models/models-feature';
import { engineJobRouter } from './adapters/models-jobs';
import { engineMetering } from './adapters/models-metering';
import { createProviderPlugins, walletBudgets } from './adapters/provider-plugins';
import { openClawDirectory, openClawRegistrar } from './adapters/models-openclaw';
import { createRoutingFeature } from './routing/routing-feature';
import { DEFAULT_AGENT_ID } from './routing/port';
import { engineBackedDeps } from './adapters/openclaw-routing-wiring';
import { createSpendPauses, pausableAdmission } from './adapters/agent-spend-pause';
import { createOpenClawFeature, type OpenClawFeatureDeps } from './openclaw/openclaw-feature';
import { createEventHub, type EventHub } from './events/event-hub';
import type { CoreServices, Feature, HostKind } from './feature';
import { createMonitorFeature, type MonitorFeatureOptions } from './monitor/monitor-feature';
import { createOllamaFeature } from './ollama/ollama-feature';
import type { OllamaService } from './ollama/port';
import type { MonitorService } from './monitor/monitor-service';
import type { RestRoute } from './host/rest-route';
import { createLogger, type Logger } from './log/logger';
import { createNetworkFeature } from './network/network-feature';
import { networkReceiptVerdict } from './adapters/network-receipt-verdict';
import { networkPaymentSource } from './adapters/network-payment-source';
import { createProofsFeature, type ProofsFeature } from './proofs/proofs-feature';
import { sharedZkEngine } from './proofs/zk-engine';
import { createRouter, type Handlers, type Router } from './rpc/router';
import { defaultDataDir } from './settings/data-dir';
import { createSettingsStore, type SettingsStore } from './settings/settings-store';
import { startCheckpointer } from './store/checkpointer';
import { openDatabase, schemaVersion, type Db } from './store/database';
import { APP_VERSION } from './version';
import { noAppUpdates, type AppUpdates } from './app-updates';
import { createWalletFeature, type WalletFeature, type WalletFeatureOptions } from './wallet/wallet-feature';
import { createEarnFeature } from './earn/earn-feature';
import { earnDeps, earningsBookFor, withoutOwnOffers } from './adapters/earn-wiring';
import type { EarnFeature } from './earn/port';
import { createEngineInflight } from './adapters/engine-inflight';

export type { HostKind } from './feature';

export interface ContainerOptions {
  host: HostKind;
  env?: Record<string, string | undefined>;
  dataDir?: string;
  log?: Logger;
  /** Overrides for tests: e.g. a fake nvidia-smi path or a faster monitor interval. */
  monitor?: MonitorFeatureOptions;
  /** OpenClaw: a configured binary/Node, its env (tests use a private HOME), poll intervals. */
  openclaw?: OpenClawFeatureDeps;
  /** Wallet: the OS encryptor (Electron safeStorage), chain URL, payment source; tests lower scrypt cost. */
  wallet?: WalletFeatureOptions;
  /** Earn mode's timers (tests shorten them): poll tick, heartbeat period, payment follow-up. */
  earn?: { pollMs?: number; heartbeatMs?: number; settleMs?: number };
  /** The desktop app's updater (electron-updater); the headless host has none. */
  updates?: AppUpdates;
  /** Told after every settings change (the desktop app re-applies launch-at-login). */
  onSettingsChanged?: (view: SettingsView) => void;
}

/** Every service, composed once; both hosts build exactly this and only add their transport. */
export interface Container {
  readonly host: HostKind;
  readonly dataDir: string;
  readonly log: Logger;
  readonly settings: SettingsStore;
  readonly db: Db;
  readonly hub: EventHub;
  readonly monitor: MonitorService;
  /** The local Ollama: its one poller's state (installed / loaded / reachable) and its calls. */
  readonly ollama: OllamaService;
  /** Wallet, spend controls and approvals; `wallet.admission` is the engine's spend port. */
  readonly wallet: WalletFeature;
  /** Proof chain: the engine records every hybrid execution with `proofs.recordExecution`. */
  readonly proofs: ProofsFeature;
  readonly router: Router;
  /** REST endpoints features contribute; the headless host serves them under /api/v1/. */
  readonly restRoutes: readonly RestRoute[];
  /** Starts every feature's background work (sampling, servers). */
  start(): Promise<void>;
  /** Stops features in reverse order, flushes events, closes the database. Safe to call twice. */
  close(): Promise<void>;
}

export function createContainer(opts: ContainerOptions): Container {
  const env = opts.env ?? process.env;
  const log = opts.log ?? createLogger();
  const dataDir = opts.dataDir ?? defaultDataDir(env);
  const settings = createSettingsStore(dataDir, env);
  const db = openDatabase(dataDir);
  const checkpointer = startCheckpointer(db);
  const hub = createEventHub({ tickMs: 100 });
  const core: CoreServices = { host: opts.host, dataDir, env, log, settings, db, hub };
  const updates = opts.updates ?? noAppUpdates(APP_VERSION, () => settings.get().updateChannel);

  const app: Feature<typeof appCalls & typeof settingsCalls> = {
    handlers: {
      'app.info': () => ({
        name: 'ClawGrid',
        version: APP_VERSION,
        host: opts.host,
        platform: `${process.platform}-${process.arch}`,
        dataDir,
        schemaVersion: schemaVersion(db),
        network: String(settings.get().network),
      }),
      'app.updateStatus': () => updates.status(),
      'app.checkForUpdates': () => updates.check(),
      'app.installUpdate': () => updates.install(),
      'settings.get': () => settings.view(),
      'settings.update': (patch) => {
        const view = settings.update(patch);
        opts.onSettingsChanged?.(view);
        return view;
      },
    },
  };
  // One poller and one picture of the local Ollama; the monitor, routing and the catalog all read it.
  const ollama = createOllamaFeature(core);
  const monitor = createMonitorFeature(core, ollama.ollama, opts.monitor);
  // The devnet proves receipts in the same warm Groth16 worker proofs verifies with (proofs closes it).
  // The buyer of every escrow is the wallet the person imported (its key stays in the wallet feature);
  // a payment is accepted only after the receipt and its proofs verify (proofs' checks, adapters/).
  // (`proofs` is built below; the verdict is asked only once requests run.)
  const verdict = networkReceiptVerdict((n) => proofs.proofs.receiptKey(n), () => String(settings.get().network), sharedZkEngine());
  const network = createNetworkFeature(core, {
    zkProver: sharedZkEngine(),
    escrowSigner: () => wallet.escrowSigner(),
    escrowPayer: () => wallet.escrowPayer(),
    verifyReceipt: (r) => verdict(r),
  });
  // The engine's agents key the wallet's budgets; the wallet's admission gates the engine's paid requests.
  let agentIds: () => string[] = () => [];
  // Held reservations settle from what the network did with their money (resume at start, and at expiry).
  // Reconciliation reads the connected coordinator's payments and the chain's escrow legs (adapters/).
  // Earnings (edge-miner mode) are reconciled the same way: our payout address as the payee, earn's journal as the book.
  let earnRef: EarnFeature | null = null;
  const paymentSource = networkPaymentSource({ coordinator: () => network.coordinator(), earningAddress: () => earnRef?.payoutAddress() ?? null });
  const earnings = earningsBookFor(() => earnRef, () => network.coordinator()?.network ?? null);
  const wallet = createWalletFeature(core, { agentIds: () => agentIds(), chainUrl: () => network.devnetUrl(), paymentSource, earnings, jobOutcome: (id) => network.jobOutcome(id), ...opts.wallet });
  // The provider's /api/tags also lists what the catalog deployed (its registry, bound once the catalog exists).
  let deployedModels: () => readonly RegisteredModel[] = () => [];
  // Every completed hybrid execution becomes a proof chain link (queued: hashed off the request path).
  // Proofs pins the devnet's keys as the network runtime reports them (never reading devnet files).
  const proofs = createProofsFeature(core, { networkKeys: network.networkKeys });
  // The OpenClaw feature pauses its agents' network spend while the gateway's processes run away.
  const spendPauses = createSpendPauses();
  // Telemetry (/metrics, traces) and team serving (LAN TLS listener, per-peer gate) plug into the provider.
  const plugins = createProviderPlugins(core, { monitor: monitor.monitor, budgets: walletBudgets(wallet) });
  // Earn mode (off by default) serves network jobs on this Ollama; the person's own requests in flight come first.
  const inflight = createEngineInflight();
  const earn = createEarnFeature(core, { ...earnDeps({ network, wallet, ollama: ollama.ollama, monitor: monitor.monitor, localInflight: inflight.inflight, verifyReceipt: (r) => verdict(r) }), ...opts.earn });
  earnRef = earn;
  const captureWrap = plugins.routingDeps.wrapEngine;
  const routing = createRoutingFeature(core, {
    ...plugins.routingDeps,
    wrapEngine: (e) => inflight.wrap(captureWrap ? captureWrap(e) : e),
    monitor: monitor.monitor,
    ollama: ollama.ollama,
    network: withoutOwnOffers(network.network, () => earn.ownMinerIds()),
    admission: pausableAdmission(wallet.admission, spendPauses),
    extraModels: () => deployedModels(),
    onExecuted: (rec) => proofs.recordExecution(rec),
    // A new data dir: the built-in agent starts local-only (its policy) and with no network budget (this);
    // giving it either is the person's explicit act (routing.updatePolicy, wallet.setPolicy).
    onDefaultAgentCreated: () => wallet.withholdNetworkBudget(DEFAULT_AGENT_ID),
  });
  plugins.attach(routing.engine);
  agentIds = () => routing.engine.agents.list().map((a) => a.id);
  const openclaw = createOpenClawFeature(core, { ...engineBackedDeps(core, routing.engine), spendPause: spendPauses, ...opts.openclaw });
  const models = createModelsFeature(core, {
    ollama: ollama.ollama,
    monitor: monitor.monitor,
    offers: network.network,
    metering: engineMetering(() => routing.engine.meter),
    jobs: () => engineJobRouter(() => routing.engine),
    agents: openClawRegistrar(() => openclaw),
    agentDirectory: () => openClawDirectory(() => openclaw),
  });
  deployedModels = () => models.registry.list();

  // Features in start order; each later feature adds one line here and one spread below.
  const { telemetry, team } = plugins;
  const features: Feature<object>[] = [app, ollama, monitor, wallet, network, telemetry, routing, team, proofs, openclaw, models, earn];
  const handlers: Handlers = {
    ...app.handlers,
    ...ollama.handlers,
    ...monitor.handlers,
    ...wallet.handlers,
    ...network.handlers,
    ...routing.handlers,
    ...team.handlers,
    ...proofs.handlers,
    ...openclaw.handlers,
    ...models.handlers,
    ...earn.handlers,
  };
  const router = createRouter(handlers, log);

  let started: Promise<void> | null = null;
  let closed: Promise<void> | null = null;
  return {
    host: opts.host,
    dataDir,
    log,
    settings,
    db,
    hub,
    monitor: monitor.monitor,
    ollama: ollama.ollama,
    wallet,
    proofs,
    router,
    restRoutes: features.flatMap((f) => f.restRoutes ?? []),
    start() {
      started ??= (async () => {
        for (const f of features) await f.start?.();
      })();
      return started;
    },
    close() {
      closed ??= (async () => {
        for (const f of [...features].reverse()) {
          try {
            await f.close?.();
          } catch (err) {
            log.error('container.close_failed', { err: String(err) });
          }
        }
        hub.flush();
        hub.close();
        await checkpointer.stop();
        db.close();
      })();
      return closed;
    },
  };
}
