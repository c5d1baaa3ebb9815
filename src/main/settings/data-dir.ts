import os from 'node:os';
import path from 'node:path';

/** Same folder Electron's app.getPath('userData') uses, so both hosts share one data dir. */
export function defaultDataDir(env: Record<string, string | undefined> = process.env): string {
  if (env.CLAWGRID_DATA_DIR) return path.resolve(env.CLAWGRID_DATA_DIR);
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'ClawGrid');
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'ClawGrid');
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'ClawGrid');
  }
}
