import type { ServiceSpec } from './service-spec';

// systemd.syntax(7) / systemd.unit(5): `%` starts a specifier everywhere specifiers are resolved, so it is
// doubled; ExecStart= also substitutes `$NAME`, so `$` is doubled there. Words are double-quoted with C escapes.
const specifierSafe = (s: string) => s.replace(/%/g, '%%');
const quoted = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const execArg = (s: string) => quoted(specifierSafe(s).replace(/\$/g, '$$$$'));

/**
 * The systemd user unit (~/.config/systemd/user/clawgrid.service): runs the headless host with the person's data
 * dir, restarts it when it fails (not when it is stopped), and leaves its stdout/stderr to the journal.
 */
export function renderSystemdUnit(spec: ServiceSpec): string {
  const lines = [
    '# Written by `clawgrid service install` (print it with `clawgrid service print`). Changes are overwritten.',
    '[Unit]',
    'Description=ClawGrid headless host (UI on 127.0.0.1, Ollama-compatible provider for OpenClaw)',
    'Documentation=https://www.npmjs.com/package/openclaw',
    // A crash loop stops after 5 failures in 5 minutes instead of spinning forever.
    'StartLimitIntervalSec=300',
    'StartLimitBurst=5',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${[spec.node, spec.script].map(execArg).join(' ')}`,
    `WorkingDirectory=${specifierSafe(spec.workingDir)}`,
    ...spec.env.map(([k, v]) => `Environment=${quoted(specifierSafe(`${k}=${v}`))}`),
    'Restart=on-failure',
    'RestartSec=5',
    // SIGTERM: the host closes its servers and flushes the ledger before exiting 0.
    'KillSignal=SIGTERM',
    'TimeoutStopSec=30',
    'StandardOutput=journal',
    'StandardError=journal',
    'SyslogIdentifier=clawgrid',
    // Files the host creates are the person's only (data dir 0700, database 0600).
    'UMask=0077',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ];
  return lines.join('\n');
}
