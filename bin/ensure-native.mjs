// Makes better-sqlite3's native addon match the runtime about to load it: Node (tests, headless host)
// or Electron (the desktop app; needs Electron's headers, so only where the Electron binary exists).
// Usage: node bin/ensure-native.mjs node|electron
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './lib/build.mjs';
import { findElectron } from './lib/electron-binary.mjs';

const target = process.argv[2];
const MARKER = path.join(root, 'node_modules', '.clawgrid-native-abi');
const current = fs.existsSync(MARKER) ? fs.readFileSync(MARKER, 'utf8').trim() : 'node';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
  return r.status === 0;
}

function loadsInNode() {
  const r = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, stdio: 'ignore' });
  return r.status === 0;
}

if (target === 'node') {
  if (current === 'node' && loadsInNode()) process.exit(0);
  process.stderr.write('ClawGrid: rebuilding better-sqlite3 for Node…\n');
  if (!run(npm, ['rebuild', 'better-sqlite3']) || !loadsInNode()) {
    process.stderr.write('ClawGrid: better-sqlite3 does not load in Node; run `npm rebuild better-sqlite3`.\n');
    process.exit(1);
  }
  fs.writeFileSync(MARKER, 'node\n');
} else if (target === 'electron') {
  const electron = findElectron();
  if (!electron.path) process.exit(0);
  const want = `electron-${electron.version}`;
  if (current === want) process.exit(0);
  process.stderr.write(`ClawGrid: rebuilding better-sqlite3 for Electron ${electron.version}…\n`);
  const bin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder');
  if (!run(bin, ['install-app-deps'])) {
    process.stderr.write('ClawGrid: could not rebuild native modules for Electron.\n');
    process.exit(1);
  }
  fs.writeFileSync(MARKER, want + '\n');
} else {
  process.stderr.write('usage: node bin/ensure-native.mjs node|electron\n');
  process.exit(2);
}
