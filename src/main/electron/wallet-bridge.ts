import { Notification, safeStorage } from 'electron';
import type { Container } from '../container';
import type { Encryptor } from '../wallet/key-store';
import { osEncryptionUsable } from './os-encryption';
import { noticeText, type NotificationText } from './notification-text';

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

export interface NotifyActions {
  /** Show the window (a click on any notification). */
  open(): void;
  /** Approve/Deny buttons of an approval notification (macOS shows buttons; elsewhere a click opens the window). */
  decide(id: string, decision: 'approve_once' | 'deny'): void;
}

// Notifications are kept until closed: a collected Notification loses its click handlers.
const live = new Set<Notification>();

/** Shows one worded notification natively. */
export function showNotification(t: NotificationText, act: NotifyActions): void {
  if (!Notification.isSupported()) return;
  const buttons = t.approvalId && process.platform === 'darwin';
  const n = new Notification({ title: t.title, body: t.body, actions: buttons ? [{ type: 'button', text: 'Approve once' }, { type: 'button', text: 'Deny' }] : [] });
  live.add(n);
  n.on('click', () => act.open());
  if (t.approvalId) {
    const id = t.approvalId;
    n.on('action', (_e, index) => act.decide(id, index === 0 ? 'approve_once' : 'deny'));
  }
  n.on('close', () => live.delete(n));
  n.show();
}

/** The wallet's notices (approval needed, soft limit crossed, payment disputes) as native notifications. */
export function showWalletNotifications(container: Container, act: NotifyActions): () => void {
  return container.wallet.onNotice((notice) => showNotification(noticeText(notice), act));
}
