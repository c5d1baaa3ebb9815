import type { CallName, CallOutput } from '../../shared/contract/calls';
import { serverMessageSchema, type Result } from '../../shared/contract/envelope';
import type { AppError } from '../../shared/contract/errors';
import type { EventBatch } from '../../shared/contract/events';
import { parseCallInput, parseCallResult, parseEventBatch } from '../../shared/contract/validate';
import { CallError, toCallError } from './call-error';
import type { ConnectionStatus, Transport } from './transport';
import { browserSocket, type SocketFactory, type SocketLike } from './ws-socket';

/** Close codes with which the host refuses a token (4401: our own; 1008: policy violation). */
export const UNAUTHORIZED_CLOSE_CODES: readonly number[] = [4401, 1008];

export const NEEDS_TOKEN_MESSAGE =
  'This ClawGrid window needs its access token. Open the URL printed by `npm start` / `npm run serve` (it ends with #token=…).';

export interface WsTransportOptions {
  /** Full ws(s) URL including the token; null when there is no token (never connects). */
  url: string | null;
  createSocket?: SocketFactory;
  /** Called once when the host refuses the token (e.g. to forget the stored one). */
  onUnauthorized?: () => void;
  /**
   * Asked when a socket closes before it ever opened: a browser cannot see the HTTP status of a
   * refused upgrade (it only gets 1006), so this tells "wrong token" from "host not up yet".
   */
  checkAuth?: () => Promise<'ok' | 'unauthorized' | 'unknown'>;
  onInvalidEvent?: (name: string, message: string) => void;
  callTimeoutMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

interface Pending {
  name: CallName;
  input: unknown;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  settle: (result: Result) => void;
}

/**
 * The browser transport: one WebSocket to the headless host, reconnecting with backoff (0.5 s → 5 s).
 * Calls made while (re)connecting are queued until open or their timeout; calls in flight when the
 * socket drops are rejected (TanStack Query retries them).
 */
export function createWsTransport(opts: WsTransportOptions): Transport {
  const createSocket = opts.createSocket ?? browserSocket;
  const callTimeoutMs = opts.callTimeoutMs ?? 30_000;
  const minBackoff = opts.minBackoffMs ?? 500;
  const maxBackoff = opts.maxBackoffMs ?? 5_000;
  const onInvalid = opts.onInvalidEvent ?? ((name, message) => console.warn(`[clawgrid] dropped invalid event ${name}: ${message}`));

  const eventListeners = new Set<(batch: EventBatch) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const pending = new Map<number, Pending>();
  let status: ConnectionStatus = opts.url ? 'connecting' : 'unauthorized';
  let socket: SocketLike | null = null;
  let nextId = 1;
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    for (const l of statusListeners) {
      try {
        l(next);
      } catch (err) {
        console.error('[clawgrid] status listener failed', err);
      }
    }
  };

  const settle = (id: number, result: Result) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    p.settle(result);
  };

  const failAll = (error: AppError, onlySent: boolean) => {
    for (const [id, p] of [...pending]) if (!onlySent || p.sent) settle(id, { ok: false, error });
  };

  const send = (id: number, p: Pending) => {
    if (!socket || status !== 'open') return;
    try {
      socket.send(JSON.stringify({ id, call: p.name, input: p.input }));
      p.sent = true;
    } catch {
      // stays queued; sent on the next open
    }
  };

  const onMessage = (data: unknown) => {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      console.warn('[clawgrid] ignored a non-JSON message from the host');
      return;
    }
    const msg = serverMessageSchema.safeParse(json);
    if (!msg.success) {
      const id = typeof json === 'object' && json !== null && 'id' in json ? (json as { id: unknown }).id : undefined;
      const p = typeof id === 'number' ? pending.get(id) : undefined;
      if (typeof id === 'number' && p) settle(id, { ok: false, error: { code: 'TRANSPORT', message: `Malformed reply to ${p.name}` } });
      else console.warn('[clawgrid] ignored a malformed message from the host');
      return;
    }
    const m = msg.data;
    if (m.type === 'result') {
      const p = pending.get(m.id);
      if (p) settle(m.id, parseCallResult(p.name, m.result));
    } else if (m.type === 'events') {
      const batch = parseEventBatch(m.batch, onInvalid);
      if (Object.keys(batch).length === 0) return;
      for (const l of eventListeners) {
        try {
          l(batch);
        } catch (err) {
          console.error('[clawgrid] event listener failed', err);
        }
      }
    }
  };

  const scheduleReconnect = () => {
    if (stopped || reconnectTimer) return;
    const delay = Math.min(maxBackoff, minBackoff * 2 ** attempt);
    attempt += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  };

  const becomeUnauthorized = () => {
    if (status === 'unauthorized') return;
    stopped = true;
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    setStatus('unauthorized');
    failAll({ code: 'UNAUTHORIZED', message: NEEDS_TOKEN_MESSAGE }, false);
    opts.onUnauthorized?.();
  };

  const connect = () => {
    if (stopped || !opts.url || status === 'unauthorized') return;
    setStatus('connecting');
    let mine: SocketLike | null = null;
    let opened = false;
    const current = () => mine !== null && mine === socket;
    try {
      mine = createSocket(opts.url, {
        onOpen: () => {
          if (!current()) return;
          opened = true;
          attempt = 0;
          setStatus('open');
          for (const [id, p] of pending) if (!p.sent) send(id, p);
        },
        onMessage: (data) => {
          if (current()) onMessage(data);
        },
        onClose: (code) => {
          if (!current()) return;
          socket = null;
          if (UNAUTHORIZED_CLOSE_CODES.includes(code)) return becomeUnauthorized();
          failAll({ code: 'TRANSPORT', message: 'The connection to the ClawGrid host was lost.' }, true);
          setStatus('closed');
          if (opened || !opts.checkAuth) return scheduleReconnect();
          opts.checkAuth().then(
            (verdict) => (verdict === 'unauthorized' ? becomeUnauthorized() : scheduleReconnect()),
            () => scheduleReconnect(),
          );
        },
      });
      socket = mine;
    } catch {
      setStatus('closed');
      scheduleReconnect();
    }
  };

  connect();

  return {
    kind: 'ws',
    call(name, input) {
      return new Promise((resolve, reject) => {
        let parsed: unknown;
        try {
          parsed = parseCallInput(name, input);
        } catch (err) {
          reject(toCallError(err));
          return;
        }
        if (status === 'unauthorized') return reject(new CallError({ code: 'UNAUTHORIZED', message: NEEDS_TOKEN_MESSAGE }));
        if (stopped) return reject(new CallError({ code: 'TRANSPORT', message: 'The connection to the ClawGrid host is closed.' }));
        const id = nextId++;
        const timer = setTimeout(
          () => settle(id, { ok: false, error: { code: 'TRANSPORT', message: `${name} got no reply within ${Math.round(callTimeoutMs / 1000)} s.` } }),
          callTimeoutMs,
        );
        const p: Pending = {
          name,
          input: parsed,
          sent: false,
          timer,
          settle: (result) => {
            const typed = result as Result<CallOutput<typeof name>>;
            if (typed.ok) resolve(typed.output);
            else reject(new CallError(typed.error));
          },
        };
        pending.set(id, p);
        send(id, p);
      });
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    getStatus: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      stopped = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      const s = socket;
      socket = null;
      s?.close(1000, 'closed by the page');
      failAll({ code: 'TRANSPORT', message: 'The connection to the ClawGrid host is closed.' }, false);
      if (status !== 'unauthorized') setStatus('closed');
    },
  };
}
