import { Notification, safeStorage } from 'electron';
import type { Container } from '../container';
import type { Encryptor } from '../wallet/key-store';
import { osEncryptionUsable } from './os-encryption';

/**
 * Electron safeStorage as the wallet's at-rest encryptor (OS keychain / DPAPI / libsecret / KWallet). Not
 * available where it would only use Chromium's `basic_text` fallback (os-encryption.ts).
 */
export const safeStorageEncryptor: Encryptor = {
  available: () =>
    osEncryptionUsable(process.platform, safeStorage.isEncryptionAvailable(), process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null).usable,
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (cipher) => safeStorage.decryptString(cipher),
};

/** Shows the wallet's notices (approval needed, soft limit crossed) as native notifications. */
export function showWalletNotifications(container: Container): () => void {
  return container.wallet.onNotice((n) => {
    if (Notification.isSupported()) new Notification({ title: n.title, body: n.body }).show();
  });
}
