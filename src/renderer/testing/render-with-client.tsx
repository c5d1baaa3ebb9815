import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { configure, render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';

// Pages are lazy chunks: the first render of one waits for its import, which takes seconds on a loaded machine.
// findBy*/waitFor wait up to this long (a wait, not a speed assertion).
configure({ asyncUtilTimeout: 10_000 });

/** Renders with a fresh QueryClient (no retries, so errors show at once). */
export function renderWithClient(ui: ReactElement): RenderResult & { queryClient: QueryClient } {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const result = render(<QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>);
  return { ...result, queryClient };
}
