/** What the WebSocket transport needs from a socket: enough to fake in tests, adapted from the browser's. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: unknown): void;
  onClose(code: number, reason: string): void;
}
export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike;

export const browserSocket: SocketFactory = (url, h) => {
  const ws = new WebSocket(url);
  ws.onopen = () => h.onOpen();
  ws.onmessage = (e: MessageEvent) => h.onMessage(e.data);
  ws.onclose = (e: CloseEvent) => h.onClose(e.code, e.reason);
  return ws;
};
