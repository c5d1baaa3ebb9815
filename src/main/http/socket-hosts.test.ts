import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { hostAllowed } from './loopback-guard';
import { allowHostsOn, hostsAllowedOn } from './socket-hosts';

describe('hosts a listener vouches for on its own sockets', () => {
  it('an unmarked socket allows nothing extra: a LAN Host stays refused', () => {
    const plain = new net.Socket();
    expect(hostsAllowedOn(plain)).toEqual([]);
    expect(hostsAllowedOn(undefined)).toEqual([]);
    expect(hostAllowed('192.168.1.20:11543', hostsAllowedOn(plain))).toBe(false);
  });

  it('a marked socket allows its names, IPv6 in the bracketed form a Host header carries, and nothing else', () => {
    const lan = new net.Socket();
    allowHostsOn(lan, ['192.168.1.20', 'fd00::20', 'workstation']);
    const extra = hostsAllowedOn(lan);
    expect(hostAllowed('192.168.1.20:11543', extra)).toBe(true);
    expect(hostAllowed('[fd00::20]:11543', extra)).toBe(true);
    expect(hostAllowed('WorkStation:11543', extra)).toBe(true);
    expect(hostAllowed('evil.example:11543', extra)).toBe(false);
    expect(hostAllowed('192.168.1.21:11543', extra)).toBe(false);
  });
});
