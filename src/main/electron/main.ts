import path from 'node:path';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENTS_CHANNEL } from '../../shared/contract/envelope';
import { createContainer, type Container } from '../container';
import { startDesktopApi, type DesktopApi } from '../host/desktop-api';
import { hardenSession, ipcCallHandler } from './session-policy';
import type { RendererTrust } from './trust';
import { createMainWindow, hardenContents } from './window';
import { safeStorageEncryptor, showWalletNotifications } from './wallet-bridge';

/** The Electron shell: lifecycle, the window, IPC wiring. All logic lives in the container's services. */
let container: Container | null = null;
let restApi: DesktopApi | null = null;
// The dev server is trusted only in development: a packaged app ignores ELECTRON_RENDERER_URL.
const trust: RendererTrust = {
  rendererDir: path.join(__dirname, '..', 'renderer'),
  devUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
};

// Every webContents the app ever creates gets the navigation/window-open/webview guards.
app.on('web-contents-created', (_event, contents) => hardenContents(contents, trust));

if (!app.requestSingleInstanceLock()) app.quit();

app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

app.whenReady().then(async () => {
  container = createContainer({ host: 'electron', wallet: { encryptor: safeStorageEncryptor } });
  showWalletNotifications(container);
  await container.start();

  hardenSession(session.defaultSession);
  const c = container;
  ipcMain.handle(IPC_CALL_CHANNEL, ipcCallHandler((name, input) => c.router.dispatch(name, input, { transport: 'ipc' }), trust));

  // The REST API for scripts, as in headless mode; URL in the log, URL + token in <dataDir>/rest-api.json (0600).
  restApi = await startDesktopApi(container).catch((err: unknown) => {
    c.log.warn('host.rest_api_failed', { err: String(err) });
    return null;
  });

  container.hub.subscribe((batch) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send(IPC_EVENTS_CHANNEL, batch);
    }
  });

  createMainWindow(trust);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(trust);
  });
}).catch((err: unknown) => {
  process.stderr.write(`ClawGrid failed to start: ${String(err)}\n`);
  app.exit(1);
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !container) return;
  event.preventDefault();
  quitting = true;
  void Promise.resolve(restApi?.close())
    .catch(() => undefined)
    .then(() => container?.close())
    .finally(() => app.quit());
});
