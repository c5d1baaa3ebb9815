import { createContext, useCallback, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ConnectionStatus, Transport } from './transport';

const TransportContext = createContext<Transport | null>(null);

/** Makes the one transport of this window available to query factories and hooks. */
export function TransportProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  return <TransportContext.Provider value={transport}>{children}</TransportContext.Provider>;
}

export function useTransport(): Transport {
  const transport = useContext(TransportContext);
  if (!transport) throw new Error('useTransport must be used inside <TransportProvider>');
  return transport;
}

/** The transport's live connection status (IPC, or a transport without status, is always `open`). */
export function useConnectionStatus(transport: Transport): ConnectionStatus {
  const subscribe = useCallback((onChange: () => void) => transport.onStatus?.(onChange) ?? (() => undefined), [transport]);
  const getSnapshot = useCallback((): ConnectionStatus => transport.getStatus?.() ?? 'open', [transport]);
  return useSyncExternalStore(subscribe, getSnapshot);
}
