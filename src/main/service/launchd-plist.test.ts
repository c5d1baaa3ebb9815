import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { renderLaunchdPlist } from './launchd-plist';
import { LAUNCHD_LABEL, serviceSpec } from './service-spec';

// The plist reader electron-builder itself uses (app-builder-lib → plist), after a well-formedness check with the
// XML parser under it (@xmldom/xmldom) set to throw on every warning and error: plist alone is lenient.
const require = createRequire(import.meta.url);
const plist = require('plist') as { parse(xml: string): unknown };
const { DOMParser } = require('@xmldom/xmldom') as { DOMParser: new (o: object) => { parseFromString(s: string, type: string): unknown } };
const fail = (m: string) => {
  throw new Error(m);
};
const strict = new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } });
const parsePlist = (xml: string) => (strict.parseFromString(xml, 'text/xml'), plist.parse(xml));

const spec = serviceSpec({ root: '/Users/ana/Claw & <Grid>', node: '/usr/local/bin/node', env: { PATH: '/usr/bin', CLAWGRID_DATA_DIR: '/Users/ana/data "x"', CLAWGRID_NETWORK: 'off' } });

describe('launchd agent plist', () => {
  it('parses as an XML property list with the agent keys launchd reads', () => {
    const p = parsePlist(renderLaunchdPlist(spec, '/Users/ana')) as Record<string, unknown>;
    expect(p).toEqual({
      Label: LAUNCHD_LABEL,
      ProgramArguments: ['/usr/local/bin/node', '/Users/ana/Claw & <Grid>/bin/serve.mjs'],
      WorkingDirectory: '/Users/ana/Claw & <Grid>',
      EnvironmentVariables: { CLAWGRID_DATA_DIR: '/Users/ana/data "x"', CLAWGRID_NETWORK: 'off', CLAWGRID_SERVICE: '1', PATH: '/usr/bin' },
      RunAtLoad: true,
      KeepAlive: { SuccessfulExit: false },
      ThrottleInterval: 5,
      ProcessType: 'Background',
      Umask: 0o077,
      StandardOutPath: '/Users/ana/Library/Logs/ClawGrid/service.log',
      StandardErrorPath: '/Users/ana/Library/Logs/ClawGrid/service.log',
    });
  });

  it('is not valid XML when a value is not escaped (the parser is strict enough to matter)', () => {
    const broken = renderLaunchdPlist(spec, '/Users/ana').replace('Claw &amp; &lt;Grid&gt;', 'Claw & <Grid>');
    expect(() => parsePlist(broken)).toThrow();
  });
});
