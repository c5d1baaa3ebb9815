import path from 'node:path';
import { BrowserWindow, shell, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { externalTarget, isTrustedUrl, rendererEntryUrl, type RendererTrust } from './trust';

/** DESIGN.md §5: sandboxed, isolated, no node, no webviews. Pure, so a test pins every flag. */
export function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 840,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'ClawGrid',
    backgroundColor: '#0f1216',
    webPreferences: {
      preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

export function createMainWindow(trust: RendererTrust): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(path.join(__dirname, '..', 'preload', 'index.js')));
  hardenContents(win.webContents, trust);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(rendererEntryUrl(trust));
  return win;
}

/**
 * No new windows (https links go to the system browser), no navigation or redirect away from our renderer,
 * no webviews. Installed on every webContents the app creates (app 'web-contents-created').
 */
export function hardenContents(contents: WebContents, trust: RendererTrust): void {
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalTarget(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isTrustedUrl(url, trust)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-frame-navigate', (event) => guard(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
