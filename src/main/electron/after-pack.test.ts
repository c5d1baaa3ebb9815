import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import afterPack, { REQUIRED_ENTRIES, resourcesDir, type PackContext } from '../../../bin/packaging/after-pack.mjs';

// The afterPack hook runs on a packed app laid out as electron-builder leaves it: resources/app.asar (made with
// @electron/asar, the packer electron-builder uses) and app.asar.unpacked/ for the native addon.
const asar = createRequire(import.meta.url)('@electron/asar') as { createPackage(src: string, dest: string): Promise<unknown> };
const ADDON = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
let dir: string;

async function packApp(platform: string, files: string[], opts: { unpacked?: boolean } = {}): Promise<PackContext> {
  const ctx: PackContext = { appOutDir: path.join(dir, 'out'), electronPlatformName: platform, packager: { appInfo: { productFilename: 'ClawGrid' } } };
  const stage = path.join(dir, 'stage');
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(stage, f)), { recursive: true });
    fs.writeFileSync(path.join(stage, f), 'x');
  }
  const resources = resourcesDir(ctx);
  fs.mkdirSync(resources, { recursive: true });
  await asar.createPackage(stage, path.join(resources, 'app.asar'));
  if (opts.unpacked ?? true) {
    fs.mkdirSync(path.dirname(path.join(resources, 'app.asar.unpacked', ADDON)), { recursive: true });
    fs.writeFileSync(path.join(resources, 'app.asar.unpacked', ADDON), 'elf');
  }
  return ctx;
}

beforeEach(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawgrid-pack-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('afterPack hook', () => {
  it('passes a complete app on Linux/Windows (resources/) and macOS (ClawGrid.app/Contents/Resources)', async () => {
    await expect(afterPack(await packApp('linux', REQUIRED_ENTRIES))).resolves.toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
    const mac = await packApp('darwin', REQUIRED_ENTRIES);
    expect(resourcesDir(mac)).toBe(path.join(dir, 'out', 'ClawGrid.app', 'Contents', 'Resources'));
    await expect(afterPack(mac)).resolves.toBeUndefined();
  });

  it('stops the build when the renderer was not built, or source maps or sources are packed', async () => {
    const ctx = await packApp('win32', [...REQUIRED_ENTRIES.filter((e) => e !== 'out/renderer/index.html'), 'out/main/host.js.map', 'src/main/container.ts']);
    const err = await afterPack(ctx).then(() => null, (e: Error) => e.message);
    expect(err).toContain('lacks out/renderer/index.html');
    expect(err).toContain('source maps: out/main/host.js.map');
    expect(err).toContain('sources or local files: src/main/container.ts');
  });

  it('stops the build when better-sqlite3 is not unpacked, or there is no app.asar', async () => {
    await expect(afterPack(await packApp('linux', REQUIRED_ENTRIES, { unpacked: false }))).rejects.toThrow(/not unpacked next to app.asar/);
    fs.rmSync(path.join(dir, 'out', 'resources', 'app.asar'));
    await expect(afterPack({ appOutDir: path.join(dir, 'out'), electronPlatformName: 'linux', packager: { appInfo: { productFilename: 'ClawGrid' } } })).rejects.toThrow(/app.asar is missing/);
  });
});
