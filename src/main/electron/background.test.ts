import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Electron is stubbed: the close handler and the login registration run without the binary.
const app = { isPackaged: true, setLoginItemSettings: vi.fn() };
vi.mock('electron', () => ({ app }));
const { applyLaunchAtLogin, keepServingOnClose } = await import('./background');

function fakeWindow() {
  const handlers = new Map<string, (e: { preventDefault(): void }) => void>();
  return { handlers, hide: vi.fn(), minimize: vi.fn(), on: (e: string, h: (e: { preventDefault(): void }) => void) => void handlers.set(e, h) };
}
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('background (electron stubbed)', () => {
  it('closing the window hides it and keeps serving; with quit-on-close it really closes', () => {
    const win = fakeWindow();
    let quitOnClose = false;
    const onBackground = vi.fn();
    keepServingOnClose(win as never, () => ({ quitOnClose, quitting: false, hasTray: true }), onBackground);
    const e1 = { preventDefault: vi.fn() };
    win.handlers.get('close')!(e1);
    expect(e1.preventDefault).toHaveBeenCalled();
    expect(win.hide).toHaveBeenCalled();
    expect(onBackground).toHaveBeenCalledTimes(1);
    quitOnClose = true;
    const e2 = { preventDefault: vi.fn() };
    win.handlers.get('close')!(e2);
    expect(e2.preventDefault).not.toHaveBeenCalled();
    expect(onBackground).toHaveBeenCalledTimes(1);
  });

  it.skipIf(process.platform !== 'linux')('launch at login on Linux writes and removes the XDG autostart entry (the AppImage path when from one)', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'clawgrid-login-'));
    dirs.push(home);
    const env = { XDG_CONFIG_HOME: home, APPIMAGE: '/home/ana/ClawGrid.AppImage' };
    applyLaunchAtLogin(true, env);
    const file = path.join(home, 'autostart', 'clawgrid.desktop');
    expect(fs.readFileSync(file, 'utf8')).toContain('Exec="/home/ana/ClawGrid.AppImage" --hidden\n');
    applyLaunchAtLogin(false, env);
    expect(fs.existsSync(file)).toBe(false);
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('an unpackaged app (a checkout) registers nothing', () => {
    app.isPackaged = false;
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'clawgrid-login-'));
    dirs.push(home);
    applyLaunchAtLogin(true, { XDG_CONFIG_HOME: home });
    expect(fs.existsSync(path.join(home, 'autostart'))).toBe(false);
    app.isPackaged = true;
  });
});
