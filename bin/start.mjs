// `npm start`: build if needed, then the Electron app; where Electron cannot start here (binary missing,
// no display), one line says why and the headless host starts instead.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildIfNeeded, root } from './lib/build.mjs';
import { findElectron, hasDisplay } from './lib/electron-binary.mjs';
import { runHeadless } from './serve.mjs';

const electron = findElectron();
const why = !electron.path ? electron.reason : !hasDisplay() ? 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)' : null;

if (why || process.env.CLAWGRID_HEADLESS === '1') {
  process.stderr.write(`ClawGrid: Electron cannot start here (${why ?? 'CLAWGRID_HEADLESS=1'}) — starting the headless host instead.\n`);
  await runHeadless();
} else {
  buildIfNeeded();
  const native = spawnSync(process.execPath, [path.join(root, 'bin', 'ensure-native.mjs'), 'electron'], { stdio: 'inherit' });
  if (native.status !== 0) process.exit(native.status ?? 1);
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron.path, [root], { stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}
