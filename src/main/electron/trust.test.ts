import { describe, expect, it } from 'vitest';
import { externalTarget, isTrustedUrl, rendererEntryUrl, type RendererTrust } from './trust';

const win: RendererTrust = { rendererDir: 'C:\\Program Files\\ClawGrid Ünï\\resources\\app.asar\\out\\renderer', windows: true };
const posix: RendererTrust = { rendererDir: '/opt/Claw Grid/é/resources/app.asar/out/renderer', windows: false };

describe('renderer URL trust', () => {
  it('loads and trusts its own entry on Windows, with spaces and accents percent-encoded', () => {
    const entry = rendererEntryUrl(win);
    expect(entry).toBe('file:///C:/Program%20Files/ClawGrid%20%C3%9Cn%C3%AF/resources/app.asar/out/renderer/index.html');
    expect(isTrustedUrl(entry, win)).toBe(true);
    expect(isTrustedUrl(entry + '#/models', win)).toBe(true);
    expect(isTrustedUrl('file:///c:/program%20files/clawgrid%20%C3%9Cn%C3%AF/resources/app.asar/out/renderer/assets/x.js', win)).toBe(true);
  });

  it('loads and trusts its own entry on POSIX paths with spaces and accents', () => {
    const entry = rendererEntryUrl(posix);
    expect(entry).toBe('file:///opt/Claw%20Grid/%C3%A9/resources/app.asar/out/renderer/index.html');
    expect(isTrustedUrl(entry, posix)).toBe(true);
    // POSIX is case-sensitive: another directory.
    expect(isTrustedUrl(entry.replace('Claw', 'claw'), posix)).toBe(false);
  });

  it('refuses look-alike prefixes, traversal, encoded separators, the directory itself, other schemes', () => {
    for (const t of [win, posix]) {
      const dir = rendererEntryUrl(t).replace(/\/index\.html$/, '');
      expect(isTrustedUrl(dir + '-evil/index.html', t)).toBe(false);
      expect(isTrustedUrl(dir + '/../../../evil.html', t)).toBe(false);
      expect(isTrustedUrl(dir + '/..%2F..%2Fevil.html', t)).toBe(false);
      expect(isTrustedUrl(dir, t)).toBe(false);
      expect(isTrustedUrl(dir.replace('file:', 'https:') + '/index.html', t)).toBe(false);
      expect(isTrustedUrl('not a url', t)).toBe(false);
      expect(isTrustedUrl('', t)).toBe(false);
    }
    expect(isTrustedUrl('file://evil.example/opt/Claw%20Grid/%C3%A9/resources/app.asar/out/renderer/index.html', posix)).toBe(false);
    expect(isTrustedUrl('file:///D:/Program%20Files/ClawGrid%20%C3%9Cn%C3%AF/resources/app.asar/out/renderer/index.html', win)).toBe(false);
    expect(isTrustedUrl('file://server/share/renderer/index.html', win)).toBe(false);
  });

  it('in dev trusts the loopback dev server origin only', () => {
    const dev = { ...posix, devUrl: 'http://localhost:5173' };
    expect(rendererEntryUrl(dev)).toBe('http://localhost:5173');
    expect(isTrustedUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedUrl('http://localhost.evil.example:5173/', dev)).toBe(false);
    expect(isTrustedUrl(rendererEntryUrl(posix), dev)).toBe(false);
    expect(isTrustedUrl('http://example.org:5173/', { ...posix, devUrl: 'http://example.org:5173' })).toBe(false);
  });

  it('sends only plain https links to the system browser', () => {
    expect(externalTarget('https://docs.example.org/a?b#c')).toBe('https://docs.example.org/a?b#c');
    for (const u of ['http://example.org', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.org', 'nope']) expect(externalTarget(u), u).toBeNull();
  });
});
