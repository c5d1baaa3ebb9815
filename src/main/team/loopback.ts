/** Whether an address (a socket's remoteAddress or a bind address) is this machine: 127.0.0.0/8, ::1, their IPv4-mapped forms. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^::ffff:/, '');
  return a === '::1' || a === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/** A socket's peer as people read it (IPv4-mapped IPv6 shown as plain IPv4). */
export const peerAddress = (address: string | undefined) => (address ?? 'unknown').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
