import path from 'node:path';
import { LAUNCHD_LABEL, type ServiceSpec } from './service-spec';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const str = (s: string) => `<string>${xml(s)}</string>`;

/** Where launchd writes the host's stdout/stderr (launchd has no journal): ~/Library/Logs/ClawGrid/service.log. */
export function launchdLogFile(home: string): string {
  return path.join(home, 'Library', 'Logs', 'ClawGrid', 'service.log');
}

/**
 * The launchd agent (~/Library/LaunchAgents/org.clawgrid.service.plist): started at login (RunAtLoad), started
 * again when it exits unsuccessfully (KeepAlive.SuccessfulExit = false), stdout/stderr to a log file.
 */
export function renderLaunchdPlist(spec: ServiceSpec, home: string): string {
  const log = launchdLogFile(home);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    `  <key>Label</key>${str(LAUNCHD_LABEL)}`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    `    ${str(spec.node)}`,
    `    ${str(spec.script)}`,
    '  </array>',
    `  <key>WorkingDirectory</key>${str(spec.workingDir)}`,
    '  <key>EnvironmentVariables</key>',
    '  <dict>',
    ...spec.env.map(([k, v]) => `    <key>${xml(k)}</key>${str(v)}`),
    '  </dict>',
    '  <key>RunAtLoad</key><true/>',
    '  <key>KeepAlive</key>',
    '  <dict>',
    '    <key>SuccessfulExit</key><false/>',
    '  </dict>',
    '  <key>ThrottleInterval</key><integer>5</integer>',
    '  <key>ProcessType</key><string>Background</string>',
    '  <key>Umask</key><integer>63</integer>',
    `  <key>StandardOutPath</key>${str(log)}`,
    `  <key>StandardErrorPath</key>${str(log)}`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}
