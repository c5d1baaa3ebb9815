import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_SERVICE_MANAGER_DIR } from '../../../test-support/fake-service-manager/path';
import { one, parseUnitFile, words } from '../../../test-support/systemd-unit-parser';
import { runServiceCli } from './service-cli';

// install/uninstall/status run the real command path (spawn `systemctl`/`launchctl` from PATH) against a recording
// fake put first on PATH; HOME is a temp dir, so nothing of this machine's systemd or home is touched.
let home: string;
let log: string;
let env: Record<string, string>;
const root = path.resolve(__dirname, '..', '..', '..');

function cli(args: string[], extra: Record<string, string> = {}, platform: NodeJS.Platform = 'linux') {
  let out = '';
  let err = '';
  const code = runServiceCli(args, { out: (t) => void (out += t), err: (l) => void (err += `${l}\n`) }, { env: { ...env, ...extra }, platform, root, uid: 501 });
  return { code, out, err };
}
const calls = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []);
const unitFile = () => path.join(home, '.config', 'systemd', 'user', 'clawgrid.service');

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'clawgrid-service-'));
  log = path.join(home, 'ctl.log');
  env = { HOME: home, USER: 'ana', PATH: `${FAKE_SERVICE_MANAGER_DIR}:${process.env.PATH}`, FAKE_CTL_LOG: log, CLAWGRID_DATA_DIR: path.join(home, 'data') };
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

describe('clawgrid service (systemd)', () => {
  it('install writes the user unit, reloads systemd and enables it now', () => {
    const r = cli(['install']);
    expect(r.code, r.err).toBe(0);
    const unit = parseUnitFile(fs.readFileSync(unitFile(), 'utf8'));
    expect(words(one(unit, 'Service', 'ExecStart'), { dollar: true })).toEqual([process.execPath, path.join(root, 'bin', 'serve.mjs')]);
    expect(fs.statSync(unitFile()).mode & 0o777).toBe(0o600);
    expect(calls()).toEqual(['systemctl --user daemon-reload', 'systemctl --user enable --now clawgrid.service']);
    expect(r.out).toContain('journalctl --user -u clawgrid.service');
    expect(r.out).toContain('loginctl enable-linger ana');
  });

  it('installing again restarts the running copy with the new unit', () => {
    cli(['install']);
    fs.rmSync(log);
    expect(cli(['install'], { CLAWGRID_HOST_PORT: '7400' }).code).toBe(0);
    expect(calls()).toEqual(['systemctl --user daemon-reload', 'systemctl --user enable --now clawgrid.service', 'systemctl --user restart clawgrid.service']);
    expect(fs.readFileSync(unitFile(), 'utf8')).toContain('Environment="CLAWGRID_HOST_PORT=7400"');
  });

  it('a failing systemctl makes install fail with its message', () => {
    const r = cli(['install'], { FAKE_CTL_FAIL: '--user enable --now clawgrid.service' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('simulated failure');
  });

  it('status reports enabled and active; 3 when it is not running', () => {
    cli(['install']);
    const up = cli(['status']);
    expect(up.code).toBe(0);
    expect(up.out).toMatch(/installed\)\nenabled: enabled\nactive: active\n/);
    const down = cli(['status'], { FAKE_CTL_STATE: 'stopped' });
    expect(down.code).toBe(3);
    expect(down.out).toContain('active: inactive');
  });

  it('uninstall disables, removes the unit and reloads; a second uninstall is a no-op', () => {
    cli(['install']);
    fs.rmSync(log);
    expect(cli(['uninstall']).code).toBe(0);
    expect(fs.existsSync(unitFile())).toBe(false);
    expect(calls()).toEqual(['systemctl --user disable --now clawgrid.service', 'systemctl --user daemon-reload']);
    fs.rmSync(log);
    expect(cli(['uninstall']).out).toContain('not installed');
    expect(calls()).toEqual([]);
  });

  it('without systemctl on PATH install says so', () => {
    const r = cli(['install'], { PATH: path.join(home, 'empty') });
    expect(r.code).toBe(1);
    expect(r.err).toContain('not found on PATH');
  });

  it('print writes the unit and touches nothing; bad input is a usage error', () => {
    const r = cli(['print']);
    expect(r.code).toBe(0);
    expect(parseUnitFile(r.out).sections.get('Install')?.get('WantedBy')).toEqual(['default.target']);
    expect(fs.existsSync(unitFile())).toBe(false);
    expect(calls()).toEqual([]);
    expect(cli(['start']).code).toBe(2);
    expect(cli(['install', '--platform', 'darwin']).code).toBe(2);
    expect(cli(['print'], {}, 'win32').err).toContain('not supported');
  });
});

describe('clawgrid service (launchd)', () => {
  const plistFile = () => path.join(home, 'Library', 'LaunchAgents', 'org.clawgrid.service.plist');

  it('install writes the agent and bootstraps it into the gui domain; again: bootout first', () => {
    expect(cli(['install'], {}, 'darwin').code).toBe(0);
    expect(fs.readFileSync(plistFile(), 'utf8')).toContain('<key>KeepAlive</key>');
    expect(calls()).toEqual([`launchctl bootstrap gui/501 ${plistFile()}`]);
    fs.rmSync(log);
    cli(['install'], {}, 'darwin');
    expect(calls()).toEqual(['launchctl bootout gui/501/org.clawgrid.service', `launchctl bootstrap gui/501 ${plistFile()}`]);
  });

  it('status reads launchctl print; uninstall boots it out and removes the plist', () => {
    cli(['install'], {}, 'darwin');
    expect(cli(['status'], {}, 'darwin').out).toContain('launchd: running');
    expect(cli(['status'], { FAKE_CTL_STATE: 'stopped' }, 'darwin')).toMatchObject({ code: 3 });
    fs.rmSync(log);
    expect(cli(['uninstall'], {}, 'darwin').code).toBe(0);
    expect(fs.existsSync(plistFile())).toBe(false);
    expect(calls()).toEqual(['launchctl bootout gui/501/org.clawgrid.service']);
  });
});

describe('bin/clawgrid.mjs service print', () => {
  it('prints the unit from the command line (tsx, no build)', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'clawgrid.mjs'), 'service', 'print', '--platform', 'linux'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(words(one(parseUnitFile(r.stdout), 'Service', 'ExecStart'), { dollar: true })[1]).toBe(path.join(root, 'bin', 'serve.mjs'));
  });
});
