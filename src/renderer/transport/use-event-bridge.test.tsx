// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeTransport, type FakeTransport } from '../testing/fake-transport';
import type { EventHandler } from './event-handler';
import { useEventBridge } from './use-event-bridge';

const seen: unknown[] = [];
const handlers: EventHandler[] = [{ 'network.status': (status, qc) => (seen.push(status), qc.setQueryData(['network.status'], status)) }];

function Bridge({ transport, queryClient }: { transport: FakeTransport; queryClient: QueryClient }) {
  useEventBridge(transport, queryClient, handlers);
  return null;
}

function mount(status: 'open' | 'connecting' = 'open') {
  const transport = createFakeTransport({}, { status });
  const queryClient = new QueryClient();
  queryClient.setQueryData(['a'], 1);
  queryClient.setQueryData(['b'], 2);
  const view = render(
    <QueryClientProvider client={queryClient}>
      <Bridge transport={transport} queryClient={queryClient} />
    </QueryClientProvider>,
  );
  const invalidated = () => queryClient.getQueryCache().getAll().map((q) => q.state.isInvalidated);
  return { transport, queryClient, view, invalidated };
}

afterEach(() => {
  cleanup();
  seen.length = 0;
});

describe('event bridge', () => {
  it('hands each batch to the registered handlers until unmounted', () => {
    const { transport, queryClient, view } = mount();
    const status = { network: 'off' } as never;
    act(() => transport.emit({ 'network.status': status }));
    expect(queryClient.getQueryData(['network.status'])).toBe(status);
    view.unmount();
    act(() => transport.emit({ 'network.status': status }));
    expect(seen).toHaveLength(1);
  });

  it('refetches everything after a reconnect, since events were missed', () => {
    const { transport, invalidated } = mount();
    act(() => transport.setStatus('closed'));
    expect(invalidated()).toEqual([false, false]);
    act(() => transport.setStatus('open'));
    expect(invalidated()).toEqual([true, true]);
  });

  it('does not refetch on the first connect', () => {
    const { transport, invalidated } = mount('connecting');
    act(() => transport.setStatus('open'));
    expect(invalidated()).toEqual([false, false]);
  });
});
