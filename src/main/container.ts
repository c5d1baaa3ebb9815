import type { appCalls } from '../shared/contract/app';
import type { settingsCalls } from '../shared/contract/settings';
import { createEventHub, type EventHub } from './events/event-hub';
import type { CoreServices, Feature, HostKind } from './feature';
import { createMonitorFeature, type MonitorFeatureOptions } from './gpu/monitor-feature';
import type { MonitorService } from './gpu/monitor-service';
import { createLogger, type Logger } from './log/logger';
import { createRouter, type Handlers, type Router } from './rpc/router';
import { defaultDataDir } from './settings/data-dir';
import { createSettingsStore, type SettingsStore } from './settings/settings-store';
import { openDatabase, schemaVersion, type Db } from './store/database';
import { APP_VERSION } from './version';

export type { HostKind } from './feature';

export interface ContainerOptions {
  host: HostKind;
  env?: Record<string, string | undefined>;
  dataDir?: string;
  log?: Logger;
  /** Overrides for tests: e.g. a fake nvidia-smi path or a faster monitor interval. */
  monitor?: MonitorFeatureOptions;
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
  readonly router: Router;
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
  const hub = createEventHub({ tickMs: 100 });
  const core: CoreServices = { host: opts.host, dataDir, env, log, settings, db, hub };

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
      'settings.get': () => settings.view(),
      'settings.update': (patch) => settings.update(patch),
    },
  };
  const monitor = createMonitorFeature(core, opts.monitor);

  // Features in start order; each later feature adds one line here and one spread below.
  const features: Feature<object>[] = [app, monitor];
  const handlers: Handlers = {
    ...app.handlers,
    ...monitor.handlers,
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
    router,
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
        db.close();
      })();
      return closed;
    },
  };
}
