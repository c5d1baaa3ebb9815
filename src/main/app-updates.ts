import type { UpdateStatus } from '../shared/contract/app';
import type { UpdateChannel } from '../shared/domain/update-policy';

/**
 * The app's updater as the container's `app.*Update*` handlers see it. The desktop app provides one over
 * electron-updater (src/main/electron/updater.ts); the headless host has none: it is updated with its checkout.
 */
export interface AppUpdates {
  status(): UpdateStatus;
  check(): Promise<UpdateStatus>;
  install(): UpdateStatus;
}

/** The headless host's answer: updates come with the checkout (or the service's), not from a feed. */
export function noAppUpdates(version: string, channel: () => UpdateChannel): AppUpdates {
  const status = (): UpdateStatus => ({
    state: 'unsupported',
    channel: channel(),
    currentVersion: version,
    version: null,
    releaseNotes: null,
    percent: null,
    message: 'The headless host updates with its checkout: git pull && npm install, then restart it (clawgrid service install restarts the service).',
    checkedAtMs: null,
  });
  return { status, check: async () => status(), install: status };
}
