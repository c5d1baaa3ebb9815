import type { TeamPeer } from '../../shared/contract/team';
import type { ProviderGate } from '../routing/port';
import { isLoopback, peerAddress } from './loopback';
import { createTokenBuckets } from './token-bucket';

const MAX_PEERS = 1000;

/**
 * The provider's per-peer rules: a peer off this machine must bring an agent key (the keyless `default`
 * agent serves this machine only: 401) and each key is rate limited (429 with Retry-After). Every admitted
 * or limited request is counted per peer address + agent, for the "who is connected" list.
 */
export function createPeerGate(ratePerMinute: () => number, now: () => number = Date.now) {
  const buckets = createTokenBuckets();
  const peers = new Map<string, TeamPeer>();

  const peerOf = (address: string, local: boolean, agentId: string, agentName: string) => {
    const id = `${address}|${agentId}`;
    let p = peers.get(id);
    if (!p) {
      if (peers.size >= MAX_PEERS) peers.delete([...peers].sort(([, a], [, b]) => a.lastSeenAt - b.lastSeenAt)[0]![0]);
      p = { address, local, agentId, agentName, requests: 0, limited: 0, lastSeenAt: now() };
      peers.set(id, p);
    }
    p.lastSeenAt = now();
    return p;
  };

  const gate: ProviderGate = (req, who) => {
    const remote = req.socket.remoteAddress;
    const local = isLoopback(remote);
    if (!local && who.keyId === null) {
      return { status: 401, message: 'unauthorized: requests from other machines need an agent API key (Authorization: Bearer cg_…); the keyless default agent serves this machine only' };
    }
    const peer = peerOf(peerAddress(remote), local, who.agent.id, who.agent.name);
    if (!local && who.keyId !== null) {
      const t = buckets.take(who.keyId, ratePerMinute());
      if (!t.ok) {
        peer.limited++;
        return { status: 429, message: `rate limit: this key may send ${ratePerMinute()} requests per minute from other machines`, retryAfterMs: t.retryAfterMs };
      }
    }
    peer.requests++;
    return null;
  };

  return {
    gate,
    /** Most recently seen first. */
    peers: (): TeamPeer[] => [...peers.values()].sort((a, b) => b.lastSeenAt - a.lastSeenAt).map((p) => ({ ...p })),
  };
}
