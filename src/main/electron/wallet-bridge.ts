import { Notification, safeStorage } from 'electron';
import type { Container } from '../container';
import type { Encryptor } from '../wallet/key-store';

/** Electron safeStorage as the wallet's at-rest encryptor (OS keychain / DPAPI / libsecret). */
export const safeStorageEncryptor: Encryptor = {
  available: () => safeStorage.isEncryptionAvailable(),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (cipher) => safeStorage.decryptString(cipher),
};

/** Shows the wallet's notices (approval needed, soft limit crossed) as native notifications. */
export function showWalletNotifications(container: Container): () => void {
  return container.wallet.onNotice((n) => {
    if (Notification.isSupported()) new Notification({ title: n.title, body: n.body }).show();
  });
}
