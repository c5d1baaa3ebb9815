import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { renderLaunchdPlist, launchdLogFile } from './launchd-plist';
import { LAUNCHD_LABEL, SYSTEMD_UNIT_NAME, type ServiceSpec } from './service-spec';
import { renderSystemdUnit } from './systemd-unit';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}
/** Runs a service manager command (`systemctl`, `launchctl`) found on PATH; tests put a recording fake there. */
export type RunCommand = (cmd: string, args: string[]) => CommandResult;

export function systemRunner(env: Record<string, string | undefined>): RunCommand {
  return (cmd, args) => {
    const r = spawnSync(cmd, args, { env: env as NodeJS.ProcessEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    if (r.error) return { code: 127, stdout: '', stderr: `${cmd}: ${(r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found on PATH' : r.error.message}` };
    return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
  };
}

/** One service manager: where its file goes, what it contains, and the commands that (un)load it. */
export interface ServiceManager {
  readonly file: string;
  render(spec: ServiceSpec): string;
  /** Loads and starts the written file (replacing a running copy). */
  activate(replaced: boolean): Step[];
  /** Stops and unloads; a service that is not loaded is not an error. */
  deactivate(): Step[];
  /** Commands whose answers make up `status`. */
  statusSteps(): Step[];
  /** What to tell the person after install. */
  afterInstall(): string[];
}

/** A command to run; `mayFail` steps report but do not abort (e.g. unloading what is not loaded). */
export interface Step {
  cmd: string;
  args: string[];
  mayFail?: boolean;
}

export function systemdManager(env: Record<string, string | undefined>, home: string): ServiceManager {
  const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  const ctl = (...args: string[]): Step => ({ cmd: 'systemctl', args: ['--user', ...args] });
  return {
    file: path.join(configHome, 'systemd', 'user', SYSTEMD_UNIT_NAME),
    render: renderSystemdUnit,
    activate: (replaced) => [ctl('daemon-reload'), ctl('enable', '--now', SYSTEMD_UNIT_NAME), ...(replaced ? [ctl('restart', SYSTEMD_UNIT_NAME)] : [])],
    deactivate: () => [{ ...ctl('disable', '--now', SYSTEMD_UNIT_NAME), mayFail: true }],
    statusSteps: () => [
      { ...ctl('is-enabled', SYSTEMD_UNIT_NAME), mayFail: true },
      { ...ctl('is-active', SYSTEMD_UNIT_NAME), mayFail: true },
    ],
    afterInstall: () => [
      `Logs: journalctl --user -u ${SYSTEMD_UNIT_NAME} -f`,
      `The UI's address (with its token) is in the log: journalctl --user -u ${SYSTEMD_UNIT_NAME} | grep 'running at'`,
      `To keep it running while you are logged out: loginctl enable-linger ${env.USER ?? '$USER'}`,
    ],
  };
}

export function launchdManager(home: string, uid: number): ServiceManager {
  const domain = `gui/${uid}`;
  const file = path.join(home, 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
  return {
    file,
    render: (spec) => {
      fs.mkdirSync(path.dirname(launchdLogFile(home)), { recursive: true });
      return renderLaunchdPlist(spec, home);
    },
    // bootstrap refuses a label that is already loaded: unload the old copy first.
    activate: (replaced) => [...(replaced ? [{ cmd: 'launchctl', args: ['bootout', `${domain}/${LAUNCHD_LABEL}`], mayFail: true }] : []), { cmd: 'launchctl', args: ['bootstrap', domain, file] }],
    deactivate: () => [{ cmd: 'launchctl', args: ['bootout', `${domain}/${LAUNCHD_LABEL}`], mayFail: true }],
    statusSteps: () => [{ cmd: 'launchctl', args: ['print', `${domain}/${LAUNCHD_LABEL}`], mayFail: true }],
    afterInstall: () => [`Logs: ${launchdLogFile(home)} (the UI's address, with its token, is its 'running at' line)`],
  };
}
