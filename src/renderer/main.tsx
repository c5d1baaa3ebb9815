import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { pageFromSearch } from './app/page-url';
import { useUiStore } from './stores/ui-store';
import { selectTransport } from './transport/select-transport';
import './styles.css';

const transport = selectTransport(window);
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // data is pushed by main's events; a refetch on focus would only duplicate it
      refetchOnWindowFocus: false,
      retry: (failureCount, error) => failureCount < 3 && !('code' in error && error.code === 'UNAUTHORIZED'),
    },
  },
});

const initialPage = pageFromSearch(window.location.search);
if (initialPage) useUiStore.getState().setPage(initialPage);

const root = document.getElementById('root');
if (!root) throw new Error('ClawGrid: #root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App transport={transport} />
    </QueryClientProvider>
  </StrictMode>,
);
