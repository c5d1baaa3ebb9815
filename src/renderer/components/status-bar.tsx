import type { ConnectionStatus } from '../transport/transport';

const statusText: Record<ConnectionStatus, string> = {
  open: 'Connected',
  connecting: 'Connecting…',
  closed: 'Disconnected — reconnecting…',
  unauthorized: 'Not authorized',
};

/** Footer: connection state, version, data dir — what a bug report needs at a glance. */
export function StatusBar(props: {
  status: ConnectionStatus;
  transportKind: 'ipc' | 'ws';
  version: string | undefined;
  dataDir: string | undefined;
}) {
  return (
    <footer className="status-bar">
      <span className={`conn conn-${props.status}`} data-testid="conn-status" data-status={props.status} role="status">
        <span className="conn-dot" aria-hidden="true" />
        {statusText[props.status]}
        {props.transportKind === 'ipc' ? ' (IPC)' : ' (WebSocket)'}
      </span>
      <span data-testid="app-version">{props.version ? `v${props.version}` : ''}</span>
      <span className="data-dir" data-testid="data-dir" title={props.dataDir}>
        {props.dataDir ? `Data: ${props.dataDir}` : ''}
      </span>
    </footer>
  );
}
