import path from 'node:path';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { autoUpdater } from 'electron-updater';
import { IPC_CALL_CHANNEL, IPC_EVENTS_CHANNEL } from '../../shared/contract/envelope';
import { trayStateSource } from '../adapters/tray-state';
import { createContainer, type Container } from '../container';
import { startDesktopApi, type DesktopApi } from '../host/desktop-api';
import { createLogger } from '../log/logger';
import { APP_VERSION } from '../version';
import { applyLaunchAtLogin, keepServingOnClose } from './background';
import { quitWhenNoWindows, startsHidden } from './close-policy';
import { BACKGROUND_NOTICE } from './notification-text';
import { hardenSession, ipcCallHandler } from './session-policy';
import { createTray } from './tray';
import type { TrayAction } from './tray-model';
import type { RendererTrust } from './trust';
import { createDesktopUpdater } from './updater';
import { createMainWindow, hardenContents } from './window';
import { safeStorageEncryptor, showNotification, showWalletNotifications } from './wallet-bridge';

/** The Electron shell: lifecycle, the window, tray, IPC wiring. All logic lives in the container's services. */
let container: Container | null = null;
let restApi: DesktopApi | null = null;
let tray: { destroy(): void } | null = null;
let quitting = false;
let toldBackground = false;
// The dev server is trusted only in development: a packaged app ignores ELECTRON_RENDERER_URL.
const trust: RendererTrust = {
  rendererDir: path.join(__dirname, '..', 'renderer'),
  devUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
};
const log = createLogger();
const pending = () => ({ approvals: container?.wallet.approvals.pending().length ?? 0, reservations: container?.wallet.ledger.held().length ?? 0 });
const updates = createDesktopUpdater({
  updater: autoUpdater,
  currentVersion: APP_VERSION,
  packaged: app.isPackaged,
  channel: () => container?.settings.get().updateChannel ?? 'stable',
  pending,
  publish: (status) => container?.hub.publish('app.update', status),
  log,
});

// Every webContents the app ever creates gets the navigation/window-open/webview guards.
app.on('web-contents-created', (_event, contents) => hardenContents(contents, trust));

// One ClawGrid per person: a second launch shows the first one's window and exits (it starts nothing itself:
// the database, the provider's port and the tray belong to the first).
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();
app.on('second-instance', () => openWindow());

function openWindow(): void {
  const win = BrowserWindow.getAllWindows()[0];
  if (!win) return void mainWindow();
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

function mainWindow(): BrowserWindow {
  const win = createMainWindow(trust);
  keepServingOnClose(
    win,
    () => ({ quitOnClose: container?.settings.get().quitOnClose ?? false, quitting, hasTray: tray !== null }),
    () => {
      if (!toldBackground) showNotification(BACKGROUND_NOTICE, { open: openWindow, decide });
      toldBackground = true;
    },
  );
  return win;
}

function decide(id: string, decision: 'approve_once' | 'deny'): void {
  const r = container?.wallet.approvals.decide(id, decision);
  if (r && !r.ok) log.info('tray.decide_stale', { id });
}

function run(a: TrayAction): void {
  if (a.kind === 'open') openWindow();
  else if (a.kind === 'quit') app.quit();
  else if (a.kind === 'decide') decide(a.id, a.decision);
  else updates.install();
}

app.whenReady().then(async () => {
  if (!primary) return;
  container = createContainer({
    host: 'electron',
    log,
    wallet: { encryptor: safeStorageEncryptor },
    updates,
    onSettingsChanged: (view) => applyLaunchAtLogin(view.settings.launchAtLogin),
  });
  const c = container;
  showWalletNotifications(c, { open: openWindow, decide });
  await c.start();
  applyLaunchAtLogin(c.settings.get().launchAtLogin);

  hardenSession(session.defaultSession);
  ipcMain.handle(IPC_CALL_CHANNEL, ipcCallHandler((name, input) => c.router.dispatch(name, input, { transport: 'ipc' }), trust));

  // The REST API for scripts, as in headless mode; URL in the log, URL + token in <dataDir>/rest-api.json (0600).
  restApi = await startDesktopApi(c).catch((err: unknown) => {
    c.log.warn('host.rest_api_failed', { err: String(err) });
    return null;
  });

  c.hub.subscribe((batch) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send(IPC_EVENTS_CHANNEL, batch);
    }
  });

  try {
    tray = createTray(trayStateSource(c, () => updates.status()), run);
  } catch (err) {
    c.log.warn('tray.unavailable', { err: String(err) }); // closing the window then minimizes instead of hiding
  }
  // A login start (launch at login) stays in the tray.
  if (!startsHidden(process.argv)) mainWindow();
  app.on('activate', () => openWindow());
}).catch((err: unknown) => {
  process.stderr.write(`ClawGrid failed to start: ${String(err)}\n`);
  app.exit(1);
});

// Only reached when windows really closed (quit-on-close, or quitting): otherwise they were hidden.
app.on('window-all-closed', () => {
  if (quitWhenNoWindows({ quitOnClose: container?.settings.get().quitOnClose ?? false, quitting })) app.quit();
});

let closing = false;
app.on('before-quit', (event) => {
  quitting = true;
  if (closing || !container) return;
  event.preventDefault();
  closing = true;
  updates.beforeQuit(); // read the pending payments before close() denies the waiting approvals
  tray?.destroy();
  void Promise.resolve(restApi?.close())
    .catch(() => undefined)
    .then(() => container?.close())
    .finally(() => app.quit());
});
