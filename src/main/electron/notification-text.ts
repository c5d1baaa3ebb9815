import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import type { WalletNotice } from '../wallet/port';

/** A native notification, worded; `approvalId` makes Approve/Deny buttons (macOS) decide that approval. */
export interface NotificationText {
  title: string;
  body: string;
  approvalId: string | null;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** How a wallet notice reads as a notification. Pure: the card carries its own deadline, no clock is read. */
export function noticeText(n: WalletNotice): NotificationText {
  switch (n.kind) {
    case 'approval': {
      const a = n.approval;
      const secs = Math.max(0, Math.round((a.deadlineMs - a.createdAtMs) / 1000));
      return {
        title: 'Payment approval needed',
        body: `${a.agentId} · ${a.model}: up to ${formatAmount(-parseAmount(a.deltaAit))} AIT (payment ${a.paymentAit} + fee ${a.feeAit}). Denied in ${secs} s unless you approve.`,
        approvalId: a.id,
      };
    }
    case 'soft_limit':
      return { title: 'Soft spend limit crossed', body: `Agent "${n.agentId}" passed its soft limit.`, approvalId: null };
    case 'disputes': {
      const [first] = n.issues;
      const more = n.issues.length > 1 ? ` (+${n.issues.length - 1} more)` : '';
      const amounts = first && (first.localAit !== null || first.remoteAit !== null) ? ` — ours ${first.localAit ?? 'none'} AIT, coordinator ${first.remoteAit ?? 'none'} AIT` : '';
      return {
        title: plural(n.issues.length, 'payment dispute', 'payment disputes'),
        body: first ? `Job ${first.jobId}: ${first.detail}${amounts}${more}. See Wallet → Reconciliation.` : 'See Wallet → Reconciliation.',
        approvalId: null,
      };
    }
  }
}

/** Told once, the first time closing the window leaves ClawGrid running. */
export const BACKGROUND_NOTICE: NotificationText = {
  title: 'ClawGrid is still running',
  body: "OpenClaw's provider on 127.0.0.1 stays up. Open or quit ClawGrid from its tray icon; Settings → \"Quit when the window closes\" changes this.",
  approvalId: null,
};
