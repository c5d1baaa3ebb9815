// `npm run serve`: the headless host (renderer over HTTP + contract over WebSocket on 127.0.0.1).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIfNeeded, root } from './lib/build.mjs';

export function runHeadless() {
  const ok = spawnSync(process.execPath, [path.join(root, 'bin', 'ensure-native.mjs'), 'node'], { stdio: 'inherit' });
  if (ok.status !== 0) process.exit(ok.status ?? 1);
  buildIfNeeded();
  // Same process: Ctrl-C and SIGTERM reach the host directly.
  return import(path.join(root, 'out', 'main', 'host.js'));
}

// Compared as URLs: a checkout path with a space is percent-encoded in import.meta.url (the service runs this file).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await runHeadless();
