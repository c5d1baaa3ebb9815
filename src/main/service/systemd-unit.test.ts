import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { one, parseUnitFile, unspecify, words } from '../../../test-support/systemd-unit-parser';
import { serviceSpec } from './service-spec';
import { renderSystemdUnit } from './systemd-unit';

// A checkout and data dir with a space, a percent sign, a dollar and a quote: each means something to systemd.
const root = '/home/ana/My Code/claw%grid$x';
const env = { HOME: '/home/ana', PATH: '/usr/local/bin:/usr/bin', CLAWGRID_HOST_PORT: '7301', CLAWGRID_DATA_DIR: '/home/ana/data "q" 100%', CLAWGRID_HEADLESS: '1', SECRET: 'x' };
const spec = serviceSpec({ root, node: '/opt/node 20/bin/node', env });

describe('systemd user unit', () => {
  it('is a strict, valid unit: known sections and directives only', () => {
    const unit = parseUnitFile(renderSystemdUnit(spec));
    expect([...unit.sections.keys()]).toEqual(['Unit', 'Service', 'Install']);
    expect(one(unit, 'Service', 'Type')).toBe('simple');
    expect(one(unit, 'Service', 'Restart')).toBe('on-failure');
    expect(one(unit, 'Service', 'StandardOutput')).toBe('journal');
    expect(one(unit, 'Service', 'StandardError')).toBe('journal');
    expect(one(unit, 'Install', 'WantedBy')).toBe('default.target');
  });

  it('ExecStart runs the absolute node on the absolute host script, surviving spaces, %, $ and quotes', () => {
    const unit = parseUnitFile(renderSystemdUnit(spec));
    expect(words(one(unit, 'Service', 'ExecStart'), { dollar: true })).toEqual(['/opt/node 20/bin/node', `${root}/bin/serve.mjs`]);
    // WorkingDirectory= is one path to the end of the line (no word splitting), specifiers resolved.
    expect(unspecify(one(unit, 'Service', 'WorkingDirectory'))).toBe(root);
  });

  it("Environment carries the person's data dir, their CLAWGRID_* settings and PATH, nothing else", () => {
    const unit = parseUnitFile(renderSystemdUnit(spec));
    const vars = Object.fromEntries(unit.sections.get('Service')!.get('Environment')!.flatMap((v) => words(v)).map((w) => w.split(/=(.*)/s).slice(0, 2)));
    expect(vars).toEqual({ CLAWGRID_DATA_DIR: '/home/ana/data "q" 100%', CLAWGRID_HOST_PORT: '7301', CLAWGRID_SERVICE: '1', PATH: '/usr/local/bin:/usr/bin' });
  });

  it('without CLAWGRID_DATA_DIR the data dir is the default one, made absolute', () => {
    const s = serviceSpec({ root, node: '/usr/bin/node', env: { HOME: '/home/bo', XDG_CONFIG_HOME: '/home/bo/.cfg' } });
    expect(process.platform !== 'linux' || s.dataDir === '/home/bo/.cfg/ClawGrid').toBe(true);
    expect(path.isAbsolute(s.dataDir)).toBe(true);
  });

  it('refuses a value with a line break (it would inject a directive)', () => {
    expect(() => serviceSpec({ root: '/x\nExecStartPre=/bin/evil', node: '/usr/bin/node', env: {} })).toThrow(/line break/);
  });

  const analyze = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' }).stdout.trim();
  it.skipIf(!analyze)(`systemd-analyze verify accepts it (${analyze || 'systemd-analyze not installed: skipped'})`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawgrid-unit-'));
    try {
      // verify checks that ExecStart's binary exists: point it at this Node, in a folder with a space.
      const real = serviceSpec({ root: path.join(dir, 'my checkout'), node: process.execPath, env: { PATH: '/usr/bin', CLAWGRID_DATA_DIR: path.join(dir, 'data') } });
      const file = path.join(dir, 'clawgrid.service');
      fs.writeFileSync(file, renderSystemdUnit(real));
      const r = spawnSync(analyze, ['verify', '--man=no', file], { encoding: 'utf8', env: { ...process.env, SYSTEMD_LOG_LEVEL: 'warning' } });
      const complaints = (r.stderr + r.stdout).split('\n').filter((l) => l.includes('clawgrid.service'));
      expect(complaints, r.stderr).toEqual([]);
      expect(r.status, r.stderr).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
