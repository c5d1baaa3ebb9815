// Where is Electron's binary, and can it open a window here? Used by start.mjs and install-electron.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { root } from './build.mjs';

const require = createRequire(path.join(root, 'package.json'));

/** { path } when the binary is installed, else { reason } in a few words. */
export function findElectron() {
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  let exe;
  try {
    exe = require('electron'); // index.js returns the binary path, or throws when it was never downloaded
  } catch {
    return { reason: 'the Electron binary was not downloaded', pkgDir };
  }
  if (typeof exe !== 'string' || !fs.existsSync(exe)) return { reason: 'the Electron binary was not downloaded', pkgDir };
  return { path: exe, pkgDir, version: JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version };
}

/** Linux needs an X11 or Wayland display; macOS and Windows always have one. */
export function hasDisplay(env = process.env) {
  if (process.platform !== 'linux') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
