import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { AppHeader } from './app-header';
import { Sidebar } from '../components/sidebar';
import { StatusBar } from '../components/status-bar';
import { appInfoQuery } from '../features/app-info/api/app-info-query';
import { useUiStore } from '../stores/ui-store';
import type { Transport } from '../transport/transport';
import { AuthRequired } from './auth-required';
import { PageView } from './page-view';
import { writePageToUrl } from './page-url';
import { pageEntry, type PageId } from './pages';
import { settingsQuery } from '../features/settings/api/settings-query';
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
  const label = pageEntry(page).label;
  usePageHotkeys(setPage);
  useFirstRunSetup(transport, setPage);
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = useRef(page);

  useEffect(() => {
    writePageToUrl(page);
    document.title = `${label} — ClawGrid`;
    // navigation (not the first paint): move focus to the new page's heading, as a page load would
    if (shown.current !== page) heading.current?.focus();
    shown.current = page;
  }, [page, label]);

  return (
    <div className="shell">
      <Sidebar page={page} onSelect={setPage} />
      <div className="main-column">
        <AppHeader title={label} headingRef={heading} network={info.data?.network} host={info.data?.host} />
        <main className="page" id="page" aria-label={label}>
          {info.isError ? <p className="warning">Could not read app info: {info.error.message}</p> : null}
          <PageView page={page} />
        </main>
        <StatusBar status={status} transportKind={transport.kind} version={info.data?.version} dataDir={info.data?.dataDir} />
      </div>
    </div>
  );
}

/** A fresh data dir (settings say the setup never ended) opens "Set up ClawGrid" once; the person may leave it at any time. */
function useFirstRunSetup(transport: Transport, setPage: (page: PageId) => void): void {
  const settings = useQuery(settingsQuery(transport));
  const decided = useRef(false);
  const setup = settings.data?.settings.setup;
  useEffect(() => {
    if (decided.current || !settings.data) return;
    decided.current = true;
    if (setup === null) setPage('setup');
  }, [settings.data, setup, setPage]);
}
