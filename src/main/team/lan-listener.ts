import https from 'node:https';
import os from 'node:os';
import type http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Settings } from '../../shared/contract/settings';
import { allowHostsOn } from '../http/socket-hosts';
import { isLoopback, peerAddress } from './loopback';

/** What the settings ask of the team listener. */
export type BindPlan = { kind: 'off' } | { kind: 'lan'; host: string; port: number } | { kind: 'refused'; message: string };

/** A LAN bind only when the person set one, and then only over TLS: plain HTTP off this machine is refused. */
export function planBind(s: Pick<Settings, 'providerBind' | 'providerLanPort' | 'providerTls'>): BindPlan {
  if (isLoopback(s.providerBind)) return { kind: 'off' };
  if (!s.providerTls) {
    return {
      kind: 'refused',
      message: `Refusing to serve ${s.providerBind} without TLS: agent keys and prompts would cross the network in clear text. Turn TLS on (CLAWGRID_PROVIDER_TLS=1, the default) or bind 127.0.0.1.`,
    };
  }
  return { kind: 'lan', host: s.providerBind, port: s.providerLanPort };
}

/** The URL a teammate types: a wildcard bind is shown with this machine's first LAN address. */
export function urlOf(host: string, port: number): string {
  let h = host;
  if (host === '0.0.0.0' || host === '::') {
    const lan = Object.values(os.networkInterfaces()).flatMap((l) => l ?? []).find((a) => !a.internal && a.family === 'IPv4');
    h = lan?.address ?? os.hostname();
  }
  return `https://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

/**
 * The Host names a teammate may use for this listener: the address the connection arrived at, the bind address
 * (unless a wildcard), this machine's host name (bare and `.local`). The provider's door accepts them on these
 * sockets only; Origin rules are unchanged.
 */
export function ownHostNames(bindHost: string, localAddress: string | undefined): string[] {
  const names = new Set<string>([os.hostname(), `${os.hostname()}.local`]);
  if (bindHost !== '0.0.0.0' && bindHost !== '::') names.add(bindHost);
  if (localAddress) names.add(peerAddress(localAddress));
  return [...names];
}

/** One HTTPS server for the provider's handler; `listen` resolves with the bound port or an error message, never throws. */
export function createLanListener(handler: http.RequestListener, tls: { key: string; cert: string }) {
  const server = https.createServer({ key: tls.key, cert: tls.cert, minVersion: 'TLSv1.2' }, handler);
  server.keepAliveTimeout = 65_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  let bindHost = '0.0.0.0';
  server.on('secureConnection', (s: TLSSocket) => allowHostsOn(s, ownHostNames(bindHost, s.localAddress)));
  return {
    listen: (host: string, port: number) =>
      new Promise<{ ok: true; port: number } | { ok: false; message: string }>((resolve) => {
        const onError = (err: NodeJS.ErrnoException) =>
          resolve({ ok: false, message: err.code === 'EADDRINUSE' ? `Port ${port} on ${host} is already in use. Set CLAWGRID_PROVIDER_LAN_PORT or the team port in settings.` : `Could not listen on ${host}:${port}: ${err.message}` });
        server.once('error', onError);
        bindHost = host;
        server.listen(port, host, () => {
          server.removeListener('error', onError);
          resolve({ ok: true, port: (server.address() as AddressInfo).port });
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
