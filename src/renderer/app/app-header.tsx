import type { Ref } from 'react';
import { ApprovalsBadge } from '../features/wallet/components/approvals-drawer';
import { NetworkMenu } from '../features/network/components/network-panel';
import { DisputedBadge } from '../features/network/components/disputed-payments';

const hostLabels = { electron: 'Desktop app', headless: 'Headless · browser' } as const;

/** Page title, the active network (devnet shouts "play money") and which host serves this window. */
export function AppHeader({ title, headingRef, network, host }: { title: string; headingRef?: Ref<HTMLHeadingElement>; network: string | undefined; host: 'electron' | 'headless' | undefined }) {
  return (
    <header className="app-header">
      <h1 tabIndex={-1} ref={headingRef} data-testid="page-heading">{title}</h1>
      <div className="header-right">
        <DisputedBadge />
        <ApprovalsBadge />
        <NetworkMenu network={network} />
        <span className="host-kind" data-testid="host-kind" title="Which ClawGrid host serves this window">
          {host ? hostLabels[host] : '…'}
        </span>
      </div>
    </header>
  );
}
