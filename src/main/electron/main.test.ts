import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The Electron shell's wiring with electron, electron-updater, the container and the REST API stubbed: the
// single-instance lock, closing to the background, quit-on-close and the quit sequence, without the binary.
type Ev = { preventDefault(): void };
const h = vi.hoisted(() => ({ lock: true }));
const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  requestSingleInstanceLock: vi.fn(() => h.lock),
  quit: vi.fn(),
  exit: vi.fn(),
  whenReady: () => Promise.resolve(),
  setLoginItemSettings: vi.fn(),
});
class FakeWindow extends EventEmitter {
  static all: FakeWindow[] = [];
  static getAllWindows = () => FakeWindow.all;
  webContents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn(), send: vi.fn() });
  hide = vi.fn();
  show = vi.fn();
  focus = vi.fn();
  minimize = vi.fn();
  restore = vi.fn();
  isMinimized = () => false;
  isDestroyed = () => false;
  loadURL = vi.fn(async () => undefined);
  constructor() {
    super();
    FakeWindow.all.push(this);
  }
}
const notifications: { title: string }[] = [];
vi.mock('electron', () => ({
  app,
  BrowserWindow: FakeWindow,
  ipcMain: { handle: vi.fn() },
  session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn(), webRequest: { onHeadersReceived: vi.fn() } } },
  shell: { openExternal: vi.fn() },
  safeStorage: {},
  Tray: class { setImage() {} setToolTip() {} setContextMenu() {} on() {} destroy() {} },
  Menu: { buildFromTemplate: (t: unknown) => t },
  nativeImage: { createFromBuffer: () => ({ addRepresentation() {} }) },
  Notification: class {
    static isSupported = () => true;
    constructor(o: { title: string }) {
      notifications.push(o);
    }
    on() {}
    show() {}
  },
}));
const updater = vi.hoisted(() => ({ autoInstallOnAppQuit: true, on: () => undefined }));
vi.mock('electron-updater', () => ({ autoUpdater: updater }));
const settings = { quitOnClose: false, launchAtLogin: false, updateChannel: 'stable' };
const closed = vi.fn(async () => undefined);
const createContainer = vi.fn(() => ({
  settings: { get: () => settings },
  wallet: { onNotice: () => () => undefined, approvals: { pending: () => [], onChange: () => () => undefined, decide: vi.fn() }, ledger: { held: () => [] } },
  ollama: { snapshot: () => ({ reachability: { state: 'ok' }, loaded: [] }), subscribe: () => () => undefined },
  hub: { subscribe: () => () => undefined, publish: vi.fn() },
  router: { dispatch: async () => ({ ok: false }) },
  log: { warn: vi.fn(), info: vi.fn() },
  start: async () => undefined,
  close: closed,
}));
vi.mock('../container', () => ({ createContainer }));
vi.mock('../host/desktop-api', () => ({ startDesktopApi: async () => ({ close: async () => undefined }) }));

async function boot() {
  vi.resetModules();
  FakeWindow.all = [];
  await import('./main');
  await new Promise((r) => setImmediate(r));
}
afterEach(() => {
  app.removeAllListeners();
  vi.clearAllMocks();
});

describe('electron main (stubbed)', () => {
  it('a second launch starts nothing and quits; the first shows its window again', async () => {
    h.lock = false;
    await boot();
    expect(app.quit).toHaveBeenCalled();
    expect(createContainer).not.toHaveBeenCalled();
    h.lock = true;
    await boot();
    expect(createContainer).toHaveBeenCalledTimes(1);
    const win = FakeWindow.all[0]!;
    app.emit('second-instance');
    expect(win.show).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('closing the window hides it and keeps serving (told once); no-window does not quit', async () => {
    await boot();
    const win = FakeWindow.all[0]!;
    for (let i = 0; i < 2; i++) {
      const e: Ev = { preventDefault: vi.fn() };
      win.emit('close', e);
      expect(e.preventDefault).toHaveBeenCalled();
    }
    expect(win.hide).toHaveBeenCalledTimes(2);
    expect(notifications.filter((n) => n.title === 'ClawGrid is still running')).toHaveLength(1);
    app.emit('window-all-closed');
    expect(app.quit).not.toHaveBeenCalled();
    expect(closed).not.toHaveBeenCalled();
  });

  it('with quit-on-close the window closes and the app quits: updates decided, then the container closes', async () => {
    settings.quitOnClose = true;
    await boot();
    const e: Ev = { preventDefault: vi.fn() };
    FakeWindow.all[0]!.emit('close', e);
    expect(e.preventDefault).not.toHaveBeenCalled();
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledTimes(1);
    const q: Ev = { preventDefault: vi.fn() };
    app.emit('before-quit', q);
    expect(q.preventDefault).toHaveBeenCalled(); // waits for the container
    expect(updater.autoInstallOnAppQuit).toBe(false); // nothing downloaded: nothing installs at quit
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r)); // every stub resolves at once
    expect(closed).toHaveBeenCalled();
    expect(app.quit).toHaveBeenCalledTimes(2);
    settings.quitOnClose = false;
  });
});
