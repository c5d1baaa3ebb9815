import { createEventHub, type EventHub } from './events/event-hub';
import { createMonitorService } from './gpu/gpu-monitor';
import type { MonitorService } from './gpu/monitor-service';
import { createLogger, type Logger } from './log/logger';
import { createRouter, type Handlers, type Router } from './rpc/router';
import { defaultDataDir } from './settings/data-dir';
import { createSettingsStore, type SettingsStore } from './settings/settings-store';
import { openDatabase, schemaVersion, type Db } from './store/database';
import { APP_VERSION } from './version';

export type HostKind = 'electron' | 'headless';

export interface ContainerOptions {
  host: HostKind;
  env?: Record<string, string | undefined>;
  dataDir?: string;
  log?: Logger;
  /** Overrides for tests: e.g. a fake nvidia-smi path or a faster monitor interval. */
  monitor?: { nvidiaSmi?: string; intervalMs?: number };
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
  /** Stops services, flushes events, closes the database. Safe to call twice. */
  close(): Promise<void>;
}

export function createContainer(opts: ContainerOptions): Container {
  const env = opts.env ?? process.env;
  const log = opts.log ?? createLogger();
  const dataDir = opts.dataDir ?? defaultDataDir(env);
  const settings = createSettingsStore(dataDir, env);
  const db = openDatabase(dataDir);
  const hub = createEventHub({ tickMs: 100 });
  const monitor = createMonitorService({
    ollamaUrl: settings.get().ollamaUrl,
    log,
    ...(opts.monitor?.nvidiaSmi ? { nvidiaSmi: opts.monitor.nvidiaSmi } : {}),
    ...(opts.monitor?.intervalMs ? { intervalMs: opts.monitor.intervalMs } : {}),
  });
  const unsubscribeMonitor = monitor.onTick((tick) => hub.publish('monitor.tick', tick));

  const handlers: Handlers = {
    'app.info': () => ({
      name: 'ClawGrid',
      version: APP_VERSION,
      host: opts.host,
      platform: `${process.platform}-${process.arch}`,
      dataDir,
      schemaVersion: schemaVersion(db),
      network: String(settings.get().network),
    }),
    'monitor.snapshot': () => monitor.snapshot(),
    'settings.get': () => settings.view(),
    'settings.update': (patch) => settings.update(patch),
  };
  const router = createRouter(handlers, log);

  let closed: Promise<void> | null = null;
  return {
    host: opts.host,
    dataDir,
    log,
    settings,
    db,
    hub,
    monitor,
    router,
    close() {
      closed ??= (async () => {
        unsubscribeMonitor();
        await monitor.stop();
        hub.flush();
        hub.close();
        db.close();
      })();
      return closed;
    },
  };
}
