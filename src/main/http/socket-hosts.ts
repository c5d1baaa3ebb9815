import net from 'node:net';
import type { Socket } from 'node:net';

/**
 * Host names a listener vouches for on its own sockets, besides loopback names. The team's TLS LAN listener marks
 * each connection with its own bound address and host names, so the provider's door (which otherwise allows only
 * loopback Hosts, DNS rebinding) admits `Host: 192.168.1.20:11501` there, and only there: a socket of the plain
 * 127.0.0.1 endpoint is never marked and stays loopback-only.
 */
const marked = new WeakMap<Socket, readonly string[]>();

export function allowHostsOn(socket: Socket, hosts: readonly string[]): void {
  marked.set(socket, hosts.flatMap((h) => (net.isIPv6(h) ? [h, `[${h}]`] : [h])));
}

/** The extra Host names allowed for a request on this socket (none for an unmarked one). */
export function hostsAllowedOn(socket: Socket | null | undefined): readonly string[] {
  return (socket && marked.get(socket)) || [];
}
