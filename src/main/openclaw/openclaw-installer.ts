import fs from 'node:fs';
import path from 'node:path';
import { runProcess, type CliResult, type CliRunOptions, type OpenClawCli } from './cli-runner';

/**
 * Reinstalls a given OpenClaw version where it is installed now. OpenClaw's own `update --tag <older>` is
 * refused once the newer version migrated its state, so going back is ClawGrid's job: npm into the same prefix.
 */
export interface OpenClawInstaller {
  /** The npm global prefix OpenClaw lives in (`<prefix>/bin/openclaw`), or null when it is not such an install. */
  readonly prefix: string | null;
  install(version: string, opts?: CliRunOptions): Promise<CliResult>;
}

/** `<prefix>` for an `npm install -g --prefix <prefix>` install, recognised by `<prefix>/lib/node_modules/openclaw`. */
export function npmGlobalPrefixOf(bin: string): string | null {
  const prefix = path.dirname(path.dirname(bin));
  const pkg = process.platform === 'win32' ? path.join(prefix, 'node_modules', 'openclaw', 'package.json') : path.join(prefix, 'lib', 'node_modules', 'openclaw', 'package.json');
  return fs.existsSync(pkg) ? prefix : null;
}

/** The installed package's `openclaw.schemaVersions.state` (one-way state migrations), or null. */
export function installedStateSchema(prefix: string | null): number | null {
  if (!prefix) return null;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(prefix, 'lib', 'node_modules', 'openclaw', 'package.json'), 'utf8')) as { openclaw?: { schemaVersions?: { state?: unknown } } };
    const v = pkg.openclaw?.schemaVersions?.state;
    return typeof v === 'number' ? v : null;
  } catch {
    return null;
  }
}

/** npm runs with the CLI's environment, so Node ≥ 24.16 is first on PATH (OpenClaw's preinstall checks it). */
export function createNpmInstaller(cli: OpenClawCli): OpenClawInstaller {
  const prefix = npmGlobalPrefixOf(cli.bin);
  return {
    prefix,
    install(version, opts = {}) {
      if (!prefix) {
        const why = `${cli.bin} is not an npm global-prefix install; reinstall openclaw@${version} the way it was installed.`;
        return Promise.resolve({ code: null, stdout: '', stderr: '', timedOut: false, error: why, durationMs: 0, commandLine: 'npm install -g' });
      }
      const args = ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--allow-scripts=openclaw', `openclaw@${version}`];
      return runProcess(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { ...cli.env }, { timeoutMs: 15 * 60_000, ...opts }, 'npm');
    },
  };
}
