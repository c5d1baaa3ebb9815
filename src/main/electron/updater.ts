import type { UpdateStatus } from '../../shared/contract/app';
import { checkUpdateMetadata, installDecision, releaseNotesText, updaterChannel, type PendingPayments, type UpdateChannel, type UpdateMetadata } from '../../shared/domain/update-policy';
import type { AppUpdates } from '../app-updates';
import type { Logger } from '../log/logger';

type Notes = string | { version: string; note: string | null }[] | null;
type Info = UpdateMetadata & { releaseNotes?: Notes };

/** The part of electron-updater's `autoUpdater` used here (a fake in tests). */
export interface UpdaterLike {
  channel: string | null;
  allowPrerelease: boolean;
  allowDowngrade: boolean;
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  /** Set to ClawGrid's check; electron-updater calls it with the UpdateInfo of latest.yml / beta.yml. */
  isUpdateSupported: (info: never) => boolean | Promise<boolean>;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: string, listener: (...args: never[]) => void): unknown;
}

export interface DesktopUpdaterDeps {
  updater: UpdaterLike;
  currentVersion: string;
  /** Only an installed (packaged) app has an update feed (app-update.yml). */
  packaged: boolean;
  channel(): UpdateChannel;
  pending(): PendingPayments;
  publish(status: UpdateStatus): void;
  log: Logger;
}

export interface DesktopUpdates extends AppUpdates {
  /** At quit: install a downloaded update only when no payment is pending (else it waits for the next quit). */
  beforeQuit(): void;
}

/**
 * electron-updater, driven by ClawGrid's rules: downloads only updates whose every file has a sha512 (which
 * electron-updater checks the download against), never installs on its own, and installs — on "Restart to update"
 * or at quit — only when no approval waits and no paid job holds a reservation.
 */
export function createDesktopUpdater(d: DesktopUpdaterDeps): DesktopUpdates {
  const u = d.updater;
  let s: UpdateStatus = { state: 'idle', channel: d.channel(), currentVersion: d.currentVersion, version: null, releaseNotes: null, percent: null, message: '', checkedAtMs: null };
  const set = (patch: Partial<UpdateStatus>) => {
    s = { ...s, channel: d.channel(), ...patch };
    d.publish(s);
    return s;
  };
  u.autoDownload = true;
  u.autoInstallOnAppQuit = false;
  // electron-updater's own check (minimumSystemVersion) still runs after ours.
  const builtin = u.isUpdateSupported as (info: Info) => boolean | Promise<boolean>;
  u.isUpdateSupported = async (info: Info) => {
    const check = checkUpdateMetadata(info, d.channel());
    if (!check.ok) {
      d.log.warn('update.refused', { code: check.code, version: info.version });
      set({ state: 'error', version: info.version, message: check.message });
      return false;
    }
    return builtin(info);
  };
  const found = (info: Info) => ({ version: info.version, releaseNotes: releaseNotesText(info.releaseNotes) });
  u.on('checking-for-update', () => set({ state: 'checking', message: 'Checking for updates…' }));
  u.on('update-not-available', () => s.state !== 'error' && set({ state: 'up_to_date', version: null, releaseNotes: null, message: `ClawGrid ${d.currentVersion} is the latest on the ${d.channel()} channel.` }));
  u.on('update-available', (info: Info) => set({ state: 'available', ...found(info), message: `ClawGrid ${info.version} is available; downloading…` }));
  u.on('download-progress', (p: { percent: number }) => set({ state: 'downloading', percent: Math.max(0, Math.min(100, p.percent)), message: 'Downloading the update…' }));
  u.on('update-downloaded', (info: Info) => set({ state: 'ready', ...found(info), percent: 100, message: `ClawGrid ${info.version} is downloaded and verified. Restart to update.` }));
  u.on('error', (err: Error) => {
    d.log.warn('update.failed', { err: String(err?.message ?? err) });
    set({ state: 'error', message: `The update failed: ${String(err?.message ?? err).split('\n')[0]}` });
  });

  return {
    status: () => s,
    async check() {
      if (!d.packaged) return set({ state: 'unsupported', message: 'Updates apply to the installed app; this one runs from a checkout (git pull && npm install).' });
      if (s.state === 'checking' || s.state === 'downloading') return s;
      Object.assign(u, updaterChannel(d.channel())); // channel first: its setter turns allowDowngrade on
      set({ state: 'checking', message: 'Checking for updates…', checkedAtMs: Date.now() });
      try {
        await u.checkForUpdates();
      } catch (err) {
        set({ state: 'error', message: `Could not check for updates: ${err instanceof Error ? err.message : String(err)}` });
      }
      return s;
    },
    install() {
      if (s.state !== 'ready' && s.state !== 'deferred') return { ...s, message: 'No update is downloaded yet: check for updates first.' };
      const decision = installDecision(d.pending());
      if (!decision.install) return set({ state: 'deferred', message: decision.message });
      u.quitAndInstall(false, true);
      return set({ state: 'ready', message: 'Restarting into the update…' });
    },
    beforeQuit() {
      u.autoInstallOnAppQuit = (s.state === 'ready' || s.state === 'deferred') && installDecision(d.pending()).install;
    },
  };
}
