import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { AppHeader } from './app-header';
import { Sidebar } from '../components/sidebar';
import { StatusBar } from '../components/status-bar';
import { appInfoQuery } from '../features/app-info/api/app-info-query';
import { useUiStore } from '../stores/ui-store';
import type { Transport } from '../transport/transport';
import { AuthRequired } from './auth-required';
import { PageView } from './page-view';
import { writePageToUrl } from './page-url';
import { pages } from './pages';
import { TransportProvider, useConnectionStatus } from '../transport/transport-context';
import { useEventBridge } from '../transport/use-event-bridge';
import { eventHandlers } from './event-handlers';
import { usePageHotkeys } from './use-page-hotkeys';

/** The window: auth page when the token is missing or refused, otherwise the shell. */
export function App({ transport }: { transport: Transport }) {
  const queryClient = useQueryClient();
  useEventBridge(transport, queryClient, eventHandlers);
  const status = useConnectionStatus(transport);
  if (status === 'unauthorized') return <AuthRequired />;
  return (
    <TransportProvider transport={transport}>
      <Shell transport={transport} />
    </TransportProvider>
  );
}

function Shell({ transport }: { transport: Transport }) {
  const status = useConnectionStatus(transport);
  const page = useUiStore((s) => s.page);
  const setPage = useUiStore((s) => s.setPage);
  const info = useQuery(appInfoQuery(transport));
  const label = pages.find((p) => p.id === page)?.label ?? '';
  usePageHotkeys(setPage);

  useEffect(() => {
    writePageToUrl(page);
    document.title = `${label} — ClawGrid`;
  }, [page, label]);

  return (
    <div className="shell">
      <Sidebar page={page} onSelect={setPage} />
      <div className="main-column">
        <AppHeader title={label} network={info.data?.network} host={info.data?.host} />
        <main className="page" id="page" aria-label={label}>
          {info.isError ? <p className="warning">Could not read app info: {info.error.message}</p> : null}
          <PageView page={page} />
        </main>
        <StatusBar status={status} transportKind={transport.kind} version={info.data?.version} dataDir={info.data?.dataDir} />
      </div>
    </div>
  );
}
