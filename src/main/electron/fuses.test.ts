import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The packaging config is the only place the fuses are set (electron-builder flips them at packaging).
// Read without a YAML dependency: the top-level `electronFuses:` block of `key: bool` lines.
const yml = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'electron-builder.yml'), 'utf8');
const block = /^electronFuses:\n((?:[ ]{2}\w+: (?:true|false)\n)+)/m.exec(yml)?.[1] ?? '';
const fuses = Object.fromEntries([...block.matchAll(/^\s+(\w+): (true|false)$/gm)].map((m) => [m[1], m[2] === 'true']));
const config = { electronFuses: fuses, asar: /^asar: false/m.test(yml) ? false : undefined };

describe('electron-builder fuses', () => {
  it('turn off run-as-node, NODE_OPTIONS and --inspect; load only the integrity-checked app.asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar ?? true).toBe(true);
  });

  it('nothing in main needs ELECTRON_RUN_AS_NODE (no fork of our own binary)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) && /\bfork\(|ELECTRON_RUN_AS_NODE|spawn\(process\.execPath/.test(fs.readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk(path.join(__dirname, '..'));
    expect(offenders).toEqual([]);
  });
});
