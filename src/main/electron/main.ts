import { app, BrowserWindow, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENTS_CHANNEL, type Result } from '../../shared/contract/envelope';
import { createContainer, type Container } from '../container';
import { CSP } from '../../shared/domain/csp';
import { createMainWindow, isTrustedUrl } from './window';
import { safeStorageEncryptor, showWalletNotifications } from './wallet-bridge';

/** The Electron shell: lifecycle, the window, IPC wiring. All logic lives in the container's services. */
let container: Container | null = null;

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

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });

  ipcMain.handle(IPC_CALL_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, input: unknown): Promise<Result> => {
    if (!event.senderFrame || !isTrustedUrl(event.senderFrame.url)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Call from an untrusted frame refused' } };
    }
    return container!.router.dispatch(name, input, { transport: 'ipc' });
  });

  container.hub.subscribe((batch) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send(IPC_EVENTS_CHANNEL, batch);
    }
  });

  createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
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
  void container.close().finally(() => app.quit());
});
