import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallError } from './call-error';
import type { ConnectionStatus } from './transport';
import { probeToken } from './ws-auth-probe';
import { createWsTransport } from './ws-transport';
import type { SocketFactory, SocketHandlers } from './ws-socket';
import { appInfoFixture, sampleFixture, statusFixture } from '../testing/monitor-fixtures';

interface FakeSocket {
  url: string;
  sent: Array<{ id: number; call: string; input: unknown }>;
  h: SocketHandlers;
  closed: boolean;
}

function harness(opts: { url?: string | null; checkAuth?: () => Promise<'ok' | 'unauthorized' | 'unknown'> } = {}) {
  const sockets: FakeSocket[] = [];
  const createSocket: SocketFactory = (url, h) => {
    const s: FakeSocket = { url, sent: [], h, closed: false };
    sockets.push(s);
    return { send: (data) => void s.sent.push(JSON.parse(data) as FakeSocket['sent'][number]), close: () => void (s.closed = true) };
  };
  const onUnauthorized = vi.fn();
  const transport = createWsTransport({
    url: opts.url === undefined ? 'ws://127.0.0.1:7300/ws?token=t' : opts.url,
    createSocket,
    onUnauthorized,
    onInvalidEvent: () => undefined,
    checkAuth: opts.checkAuth,
  });
  const statuses: ConnectionStatus[] = [];
  transport.onStatus?.((s) => statuses.push(s));
  const last = () => {
    const s = sockets[sockets.length - 1];
    if (!s) throw new Error('no socket');
    return s;
  };
  const reply = (message: unknown) => last().h.onMessage(typeof message === 'string' ? message : JSON.stringify(message));
  return { transport, sockets, last, reply, statuses, onUnauthorized };
}

const tick = { sample: sampleFixture(1, []), status: statusFixture({ gpu: { state: 'absent', message: 'No NVIDIA GPU detected' } }) };

const rejection = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ws transport calls', () => {
  it('queues a call until the socket opens, then resolves with the validated output', async () => {
    const { transport, last, reply } = harness();
    const p = transport.call('app.info', {});
    expect(last().sent).toEqual([]);
    last().h.onOpen();
    expect(last().sent).toEqual([{ id: 1, call: 'app.info', input: {} }]);
    reply({ type: 'result', id: 1, result: { ok: true, output: appInfoFixture() } });
    await expect(p).resolves.toMatchObject({ name: 'ClawGrid', network: 'devnet' });
  });

  it('rejects a reply that does not match the contract with INVALID_OUTPUT', async () => {
    const { transport, last, reply } = harness();
    last().h.onOpen();
    const p = transport.call('app.info', {});
    reply({ type: 'result', id: 1, result: { ok: true, output: { name: 'Other' } } });
    const err = await rejection(p);
    expect(err).toBeInstanceOf(CallError);
    expect((err as CallError).code).toBe('INVALID_OUTPUT');
  });

  it('rejects a malformed envelope with TRANSPORT instead of throwing', async () => {
    const { transport, last, reply } = harness();
    last().h.onOpen();
    const p = transport.call('app.info', {});
    expect(() => reply({ type: 'result', id: 1, result: 'yes' })).not.toThrow();
    const err = (await rejection(p)) as CallError;
    expect(err.code).toBe('TRANSPORT');
    expect(err.message).toContain('app.info');
  });

  it('passes the host error value through', async () => {
    const { transport, last, reply } = harness();
    last().h.onOpen();
    const p = transport.call('settings.update', { hostPort: 8080 });
    expect(last().sent[0]).toEqual({ id: 1, call: 'settings.update', input: { hostPort: 8080 } });
    reply({ type: 'result', id: 1, result: { ok: false, error: { code: 'INVALID_INPUT', message: 'hostPort is set by CLAWGRID_HOST_PORT' } } });
    const err = (await rejection(p)) as CallError;
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toBe('hostPort is set by CLAWGRID_HOST_PORT');
  });

  it('validates input before sending anything', async () => {
    const { transport, last } = harness();
    last().h.onOpen();
    const err = (await rejection(transport.call('settings.update', { hostPort: 70000 }))) as CallError;
    expect(err.code).toBe('INVALID_INPUT');
    expect(last().sent).toEqual([]);
  });

  it('ignores garbage from the host without throwing', () => {
    const { last, reply } = harness();
    last().h.onOpen();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => reply('not json {')).not.toThrow();
    expect(() => reply({ type: 'nonsense' })).not.toThrow();
    expect(() => reply({ type: 'result', id: 99, result: { ok: true, output: {} } })).not.toThrow();
    expect(() => last().h.onMessage(new ArrayBuffer(4))).not.toThrow();
    warn.mockRestore();
  });

  it('times out a call that gets no reply', async () => {
    const { transport, last } = harness();
    last().h.onOpen();
    const p = rejection(transport.call('app.info', {}));
    vi.advanceTimersByTime(30_000);
    expect(((await p) as CallError).code).toBe('TRANSPORT');
  });
});

describe('ws transport events', () => {
  it('delivers only valid, known events of a batch', () => {
    const { transport, last, reply } = harness();
    last().h.onOpen();
    const listener = vi.fn();
    transport.subscribe(listener);
    reply({ type: 'events', batch: { 'monitor.tick': { sample: 'broken' }, 'no.such.event': {} } });
    expect(listener).not.toHaveBeenCalled();

    reply({ type: 'events', batch: { 'monitor.tick': tick, 'no.such.event': {} } });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]?.[0]).toEqual({ 'monitor.tick': tick });
  });

  it('keeps delivering when one listener throws', () => {
    const { transport, last, reply } = harness();
    last().h.onOpen();
    const good = vi.fn();
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    transport.subscribe(() => {
      throw new Error('boom');
    });
    transport.subscribe(good);
    expect(() => reply({ type: 'events', batch: { 'monitor.tick': tick } })).not.toThrow();
    expect(good).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});

describe('ws transport connection', () => {
  it('never connects without a token and refuses calls as UNAUTHORIZED', async () => {
    const { transport, sockets } = harness({ url: null });
    expect(sockets).toHaveLength(0);
    expect(transport.getStatus?.()).toBe('unauthorized');
    expect(((await rejection(transport.call('app.info', {}))) as CallError).code).toBe('UNAUTHORIZED');
  });

  it.each([4401, 1008])('becomes unauthorized on close code %i, rejects pending calls and stops reconnecting', async (code) => {
    const { transport, sockets, last, statuses, onUnauthorized } = harness();
    last().h.onOpen();
    const p = rejection(transport.call('app.info', {}));
    last().h.onClose(code, 'bad token');
    expect(((await p) as CallError).code).toBe('UNAUTHORIZED');
    expect(statuses).toEqual(['open', 'unauthorized']);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('reconnects with backoff from 0.5 s up to 5 s, and rejects calls that were in flight', async () => {
    const { transport, sockets, last, statuses } = harness();
    last().h.onOpen();
    const inFlight = rejection(transport.call('app.info', {}));
    last().h.onClose(1006, '');
    expect(((await inFlight) as CallError).code).toBe('TRANSPORT');
    expect(statuses).toEqual(['open', 'closed']);

    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = sockets.length;
      let waited = 0;
      while (sockets.length === before) {
        vi.advanceTimersByTime(100);
        waited += 100;
      }
      delays.push(waited);
      last().h.onClose(1006, '');
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 5000, 5000]);

    // a call made while disconnected waits for the next open
    const queued = transport.call('app.info', {});
    vi.advanceTimersByTime(5_000);
    last().h.onOpen();
    expect(last().sent).toEqual([{ id: 2, call: 'app.info', input: {} }]);
    last().h.onMessage(JSON.stringify({ type: 'result', id: 2, result: { ok: true, output: appInfoFixture() } }));
    await expect(queued).resolves.toMatchObject({ version: '0.1.0' });
    expect(statuses[statuses.length - 1]).toBe('open');
  });

  it('asks whether the token is wrong when the upgrade is refused before opening (browsers only see 1006)', async () => {
    const checkAuth = vi.fn(async () => 'unauthorized' as const);
    const { sockets, last, statuses, onUnauthorized } = harness({ checkAuth });
    last().h.onClose(1006, '');
    await vi.waitFor(() => expect(statuses[statuses.length - 1]).toBe('unauthorized'));
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('keeps reconnecting when the token is fine and the host is just not up', async () => {
    const checkAuth = vi.fn(async () => 'unknown' as const);
    const { sockets, last } = harness({ checkAuth });
    last().h.onClose(1006, '');
    await vi.waitFor(() => expect(checkAuth).toHaveBeenCalledTimes(1));
    await Promise.resolve();
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(2);
    // a drop after a successful open is a network problem, not a token problem: no probe
    last().h.onOpen();
    last().h.onClose(1006, '');
    expect(checkAuth).toHaveBeenCalledTimes(1);
  });
});

describe('token probe', () => {
  it('reads 401 as unauthorized and anything unreachable as unknown', async () => {
    const res = (status: number) => async () => new Response('{}', { status });
    expect(await probeToken('t', res(401))).toBe('unauthorized');
    expect(await probeToken('t', res(200))).toBe('ok');
    expect(await probeToken('t', res(502))).toBe('unknown');
    expect(
      await probeToken('t', async () => {
        throw new TypeError('Failed to fetch');
      }),
    ).toBe('unknown');
  });
});
