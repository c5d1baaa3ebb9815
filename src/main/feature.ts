import type { EventHub } from './events/event-hub';
import type { RestRoute } from './host/rest-route';
import type { Logger } from './log/logger';
import type { Handler } from './rpc/router';
import type { SettingsStore } from './settings/settings-store';
import type { Db } from './store/database';
import type { CallName } from '../shared/contract/calls';

export type HostKind = 'electron' | 'headless';

/** What every feature gets from the container: the shared infrastructure, nothing feature-specific. */
export interface CoreServices {
  readonly host: HostKind;
  readonly dataDir: string;
  readonly env: Record<string, string | undefined>;
  readonly log: Logger;
  readonly settings: SettingsStore;
  readonly db: Db;
  readonly hub: EventHub;
}

/**
 * A feature = its services plus the handlers for its contract calls. `C` is the feature's call table
 * (e.g. `typeof monitorCalls`), so a feature must handle exactly its own calls.
 */
export interface Feature<C extends object> {
  readonly handlers: { [K in keyof C & CallName]: Handler<K> };
  /** REST endpoints under /api/v1/… served by the headless host after its token and Origin checks. */
  readonly restRoutes?: readonly RestRoute[];
  /** Start background work (child processes, timers, servers). */
  start?(): void | Promise<void>;
  /** Stop everything started; resolve when child processes and servers are gone. */
  close?(): void | Promise<void>;
}
