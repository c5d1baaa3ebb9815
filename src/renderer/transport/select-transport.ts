import { createIpcTransport } from './ipc-transport';
import type { Transport } from './transport';
import { probeToken } from './ws-auth-probe';
import { createWsTransport } from './ws-transport';
import { forgetToken, takeToken, wsUrl } from './ws-token';

function sessionStorageOrNull(win: Window): Storage | null {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}

/** Inside Electron the preload API is there: use IPC. In a browser: WebSocket to the headless host. */
export function selectTransport(win: Window = window): Transport {
  if (win.clawgrid) return createIpcTransport(win.clawgrid);
  const storage = sessionStorageOrNull(win);
  const token = takeToken({ location: win.location, history: win.history, storage });
  return createWsTransport({
    url: token ? wsUrl(win.location, token) : null,
    onUnauthorized: () => forgetToken(storage),
    checkAuth: token ? () => probeToken(token, win.fetch.bind(win)) : undefined,
  });
}
