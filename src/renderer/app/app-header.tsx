import { ApprovalsBadge } from '../features/wallet/components/approvals-drawer';
import { NetworkMenu } from '../features/network/components/network-panel';

const hostLabels = { electron: 'Desktop app', headless: 'Headless · browser' } as const;

/** Page title, the active network (devnet shouts "play money") and which host serves this window. */
export function AppHeader(props: { title: string; network: string | undefined; host: 'electron' | 'headless' | undefined }) {
  return (
    <header className="app-header">
      <h1>{props.title}</h1>
      <div className="header-right">
        <ApprovalsBadge />
        <NetworkMenu network={props.network} />
        <span className="host-kind" data-testid="host-kind" title="Which ClawGrid host serves this window">
          {props.host ? hostLabels[props.host] : '…'}
        </span>
      </div>
    </header>
  );
}
