import path from 'node:path';
import { defaultDataDir } from '../settings/data-dir';

/**
 * What the service runs, independent of the service manager: the absolute Node binary and the headless host's
 * script (never a PATH lookup: a user manager's PATH is not the login shell's), the person's data dir, and the
 * environment it needs. systemd and launchd render the same spec.
 */
export interface ServiceSpec {
  /** Absolute path of the Node that runs the host (the one running this command). */
  node: string;
  /** Absolute path of the headless host's entry (bin/serve.mjs: builds if needed, then serves). */
  script: string;
  /** The checkout's root: the service's working directory. */
  workingDir: string;
  /** Absolute data dir, also passed as CLAWGRID_DATA_DIR so a later change of HOME or XDG does not move it. */
  dataDir: string;
  /** Environment entries, sorted by name. */
  env: [string, string][];
}

export const SYSTEMD_UNIT_NAME = 'clawgrid.service';
export const LAUNCHD_LABEL = 'org.clawgrid.service';

/** Variables of the installing shell that are not carried into the service. */
const NOT_CARRIED = new Set(['CLAWGRID_DATA_DIR', 'CLAWGRID_HEADLESS', 'CLAWGRID_LOG_LEVEL', 'CLAWGRID_SERVICE']);

/**
 * The spec for this checkout and this person. Every CLAWGRID_* setting of the installing shell is kept (ports,
 * network, Ollama URL…), and PATH, so `nvidia-smi` and `openclaw` resolve as they do in the shell.
 */
export function serviceSpec(opts: { root: string; node: string; env: Record<string, string | undefined>; dataDir?: string }): ServiceSpec {
  const dataDir = path.resolve(opts.dataDir ?? defaultDataDir(opts.env));
  // CLAWGRID_SERVICE=1: the host keeps its session token out of the journal (host/url-file.ts).
  const env = new Map<string, string>([['CLAWGRID_DATA_DIR', dataDir], ['CLAWGRID_SERVICE', '1']]);
  for (const [k, v] of Object.entries(opts.env)) {
    if (v !== undefined && v !== '' && k.startsWith('CLAWGRID_') && !NOT_CARRIED.has(k)) env.set(k, v);
  }
  if (opts.env.PATH) env.set('PATH', opts.env.PATH);
  const spec: ServiceSpec = {
    node: path.resolve(opts.node),
    script: path.join(path.resolve(opts.root), 'bin', 'serve.mjs'),
    workingDir: path.resolve(opts.root),
    dataDir,
    env: [...env].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
  for (const value of [spec.node, spec.script, spec.workingDir, ...spec.env.flat()]) {
    // A line break would end the unit line (or the plist string) and start a new directive.
    // eslint-disable-next-line no-control-regex
    if (/[\n\r\u0000]/.test(value)) throw new Error(`cannot put a value with a line break into a service file: ${JSON.stringify(value)}`);
  }
  return spec;
}
