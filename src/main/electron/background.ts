import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app, type BrowserWindow } from 'electron';
import { loginItem, windowCloseAction, type CloseContext } from './close-policy';

/** Closing the window hides (or minimizes) it and keeps ClawGrid serving, unless the close policy says close. */
export function keepServingOnClose(win: BrowserWindow, context: () => CloseContext, onBackground: () => void): void {
  win.on('close', (event) => {
    const action = windowCloseAction(context());
    if (action === 'close') return;
    event.preventDefault();
    if (action === 'hide') win.hide();
    else win.minimize();
    onBackground();
  });
}

/** Registers (or removes) "launch at login": a login item on macOS/Windows, an XDG autostart entry on Linux. */
export function applyLaunchAtLogin(enabled: boolean, env: NodeJS.ProcessEnv = process.env): void {
  if (!app.isPackaged) return; // a checkout has no stable binary to start at login
  const item = loginItem({
    enabled,
    platform: process.platform,
    exec: env.APPIMAGE ?? process.execPath,
    configHome: env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(os.homedir(), '.config'),
  });
  if (item.kind === 'login-item') return app.setLoginItemSettings(item.settings);
  if (item.text === null) return fs.rmSync(item.file, { force: true });
  fs.mkdirSync(path.dirname(item.file), { recursive: true });
  fs.writeFileSync(item.file, item.text, { mode: 0o644 });
}
