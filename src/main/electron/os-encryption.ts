/** What Electron's safeStorage reports on Linux about where its key lives (`getSelectedStorageBackend`). */
export type LinuxStorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

/**
 * Whether safeStorage really protects a secret with the OS. On Linux without a keyring (no libsecret, no
 * KWallet) Chromium falls back to `basic_text`: a fixed, public password that protects nothing, while
 * `isEncryptionAvailable()` still says true. Then the wallet must not call its key "OS-protected"; it asks for a
 * passphrase instead (issue #14).
 */
export function osEncryptionUsable(platform: NodeJS.Platform, available: boolean, backend: LinuxStorageBackend | null): { usable: boolean; reason: string | null } {
  if (!available) return { usable: false, reason: 'The OS keychain is not available.' };
  if (platform === 'linux' && (backend === 'basic_text' || backend === 'unknown' || backend === null)) {
    return { usable: false, reason: `No keyring is running (Electron safeStorage backend: ${backend ?? 'not reported'}), so the key would be stored with a fixed, public password. Use a passphrase instead.` };
  }
  return { usable: true, reason: null };
}
