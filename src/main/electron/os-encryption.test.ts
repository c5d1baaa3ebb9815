import { describe, expect, it } from 'vitest';
import { osEncryptionUsable } from './os-encryption';

describe('osEncryptionUsable', () => {
  it('never calls basic_text (Linux without a keyring) OS protection', () => {
    const r = osEncryptionUsable('linux', true, 'basic_text');
    expect(r.usable).toBe(false);
    expect(r.reason).toContain('passphrase');
    expect(osEncryptionUsable('linux', true, 'unknown').usable).toBe(false);
    expect(osEncryptionUsable('linux', true, null).usable).toBe(false);
  });

  it('accepts a real keyring on Linux, and the keychain / DPAPI elsewhere', () => {
    for (const b of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'] as const) expect(osEncryptionUsable('linux', true, b)).toEqual({ usable: true, reason: null });
    expect(osEncryptionUsable('darwin', true, null).usable).toBe(true);
    expect(osEncryptionUsable('win32', true, null).usable).toBe(true);
  });

  it('is unusable wherever safeStorage says it is unavailable', () => {
    expect(osEncryptionUsable('darwin', false, null).usable).toBe(false);
    expect(osEncryptionUsable('linux', false, 'gnome_libsecret').usable).toBe(false);
  });
});
