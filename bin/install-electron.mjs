// postinstall: fetch Electron's binary with Electron's own installer, but never fail `npm install`.
//
// Why not let electron's postinstall run directly (allowScripts: true)? Its install.js exits 1 when the
// release host is unreachable, which aborts the whole install: ClawGrid must install, test and run
// headless on such machines. So electron's script is denied in allowScripts and run from here, where a
// failure becomes one line and `npm start` later falls back to the headless host.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { findElectron } from './lib/electron-binary.mjs';

const found = findElectron();
if (found.path || !found.pkgDir) process.exit(0);
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) process.exit(0);

const r = spawnSync(process.execPath, [path.join(found.pkgDir, 'install.js')], {
  stdio: ['ignore', 'ignore', 'pipe'],
  timeout: 10 * 60_000,
  encoding: 'utf8',
});
if (r.status === 0) {
  process.stdout.write('ClawGrid: Electron binary installed.\n');
} else {
  const why = (r.stderr || String(r.error ?? '')).split('\n').find((l) => l.trim()) ?? 'unknown error';
  process.stdout.write(`ClawGrid: Electron binary not downloaded (${why.trim().slice(0, 160)}); npm start will run the headless host.\n`);
}
