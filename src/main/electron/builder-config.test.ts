import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// electron-builder.yml read as electron-builder reads it (js-yaml, app-builder-lib/out/util/config/load.js) and
// validated against electron-builder's own JSON schema (app-builder-lib/scheme.json) with ajv, as its
// validateConfiguration does — but without coerceTypes, so `"true"` for a boolean is an error here too.
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const Ajv = (require('ajv') as { default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params: object }[] | null } } }).default;
const root = path.join(__dirname, '..', '..', '..');
const schema = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const errors = (c: unknown) => (validate(c) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));

describe('electron-builder.yml', () => {
  it("validates against electron-builder's own schema", () => {
    expect(errors(config)).toEqual([]);
  });

  it('the schema check is strict: a misspelt option or a wrong type fails', () => {
    expect(errors({ ...config, linux: { ...(config.linux as object), targets: ['AppImage'] } }).join('\n')).toMatch(/additional/i);
    expect(errors({ ...config, asar: 'yes' }).length).toBeGreaterThan(0);
  });

  it('builds AppImage, deb and rpm; dmg; nsis — asar on, the hook and the update feed configured', () => {
    expect(config).toMatchObject({
      asar: true,
      linux: { target: ['AppImage', 'deb', 'rpm'] },
      mac: { target: ['dmg'], hardenedRuntime: true },
      win: { target: ['nsis'] },
      afterPack: './bin/packaging/after-pack.mjs',
      generateUpdatesFilesForAllChannels: true,
    });
    expect(config.disableAsarIntegrity).toBeUndefined();
    expect(config.publish).toEqual([{ provider: 'generic', url: '${env.CLAWGRID_UPDATE_URL}' }]);
    expect(fs.existsSync(path.join(root, 'bin', 'packaging', 'after-pack.mjs'))).toBe(true);
  });

  it("passes electron-builder's own validateConfiguration, and electron-builder resolves the hook to our function", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration(c: unknown, log: object): Promise<void> };
    await expect(validateConfiguration(structuredClone(config), { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
    const { resolveFunction } = require('app-builder-lib/out/util/resolve') as { resolveFunction(t: string, e: unknown, n: string, root: string): Promise<unknown> };
    const hook = await resolveFunction('config', path.relative(process.cwd(), path.join(root, 'bin/packaging/after-pack.mjs')).replace(/^(?!\.)/, './'), 'afterPack', root);
    // Run as electron-builder would, on an app dir with nothing packed: our hook answers.
    const empty = { appOutDir: path.join(root, 'dist', 'no-such-unpacked'), electronPlatformName: 'linux', packager: { appInfo: { productFilename: 'ClawGrid' } } };
    await expect((hook as (c: object) => Promise<void>)(empty)).rejects.toThrow(/ClawGrid afterPack: .*app.asar is missing/s);
  });
});
