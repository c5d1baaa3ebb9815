import path from 'node:path';
import { BrowserWindow, shell, type WebContents } from 'electron';

/** The renderer entry: the built file, or the dev server electron-vite gives us in `dev`. */
export function rendererUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (dev) return dev;
  return 'file://' + path.join(__dirname, '..', 'renderer', 'index.html');
}

/** True when a frame belongs to our own renderer (file:// build or the dev server origin). */
export function isTrustedUrl(url: string): boolean {
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (dev) return url.startsWith(new URL(dev).origin + '/');
  return url.startsWith('file://' + path.join(__dirname, '..', 'renderer') + path.sep);
}

/** DESIGN.md §5: sandboxed, isolated, no node, no webviews, no navigation, no new windows. */
export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'ClawGrid',
    backgroundColor: '#0f1216',
    webPreferences: {
      preload: path.join(__dirname, '..', 'preload', 'index.js'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  harden(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(rendererUrl());
  return win;
}

function harden(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    // External https links open in the system browser; nothing opens inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
