import { describe, expect, it } from 'vitest';
import { checkUpdateMetadata, installDecision, releaseNotesText, updaterChannel } from './update-policy';

const sha = `${'A'.repeat(85)}w==`; // 64 bytes, base64
const good = { version: '0.2.0', files: [{ url: 'ClawGrid-0.2.0.AppImage', sha512: Buffer.alloc(64, 7).toString('base64') }] };

describe('update policy', () => {
  it('channels: stable reads latest.yml without pre-releases; beta reads beta.yml with them; never a downgrade', () => {
    expect(updaterChannel('stable')).toEqual({ channel: 'latest', allowPrerelease: false, allowDowngrade: false });
    expect(updaterChannel('beta')).toEqual({ channel: 'beta', allowPrerelease: true, allowDowngrade: false });
  });

  it('accepts an update whose every file has a sha512; refuses one without, or with a malformed digest', () => {
    expect(checkUpdateMetadata(good, 'stable')).toEqual({ ok: true });
    expect(checkUpdateMetadata({ ...good, files: [...good.files, { url: 'x.blockmap', sha512: sha }] }, 'stable')).toEqual({ ok: true });
    for (const sha512 of [undefined, null, '', 'abc==', Buffer.alloc(32).toString('base64'), Buffer.alloc(64).toString('hex')]) {
      expect(checkUpdateMetadata({ ...good, files: [{ url: 'ClawGrid.exe', sha512 }] }, 'stable'), String(sha512)).toMatchObject({ ok: false, code: 'NO_SHA512' });
    }
    expect(checkUpdateMetadata({ ...good, files: [] }, 'beta')).toMatchObject({ ok: false, code: 'NO_FILES' });
  });

  it('stable never takes a pre-release; beta does; a non-version is refused', () => {
    expect(checkUpdateMetadata({ ...good, version: '0.3.0-beta.1' }, 'stable')).toMatchObject({ ok: false, code: 'PRERELEASE_ON_STABLE' });
    expect(checkUpdateMetadata({ ...good, version: '0.3.0-beta.1' }, 'beta')).toEqual({ ok: true });
    expect(checkUpdateMetadata({ ...good, version: 'latest' }, 'beta')).toMatchObject({ ok: false, code: 'BAD_VERSION' });
  });

  it('defers installing while an approval waits or a paid job holds a reservation', () => {
    expect(installDecision({ approvals: 0, reservations: 0 })).toEqual({ install: true });
    expect(installDecision({ approvals: 1, reservations: 0 })).toEqual({ install: false, message: 'Not now: 1 payment is waiting for your approval. The update installs when no payment is pending.' });
    expect(installDecision({ approvals: 2, reservations: 3 })).toMatchObject({ install: false, message: expect.stringContaining('2 payments are waiting for your approval and 3 paid jobs are running') });
    expect(installDecision({ approvals: 0, reservations: 1 })).toMatchObject({ install: false, message: expect.stringContaining('1 paid job is running') });
  });

  it('release notes become plain text: no tags, no scripts, entities decoded; per-version lists joined', () => {
    expect(releaseNotesText('<h2>Fixes</h2><ul><li>Tray &amp; <b>service</b></li></ul><script>alert(1)</script><img src=x onerror=alert(1)>')).toBe('Fixes\n• Tray & service');
    expect(releaseNotesText([{ version: '0.2.0', note: '<p>New</p>' }, { version: '0.1.1', note: null }])).toBe('0.2.0\nNew\n\n0.1.1');
    expect(releaseNotesText(null)).toBeNull();
    expect(releaseNotesText('  ')).toBeNull();
  });
});
