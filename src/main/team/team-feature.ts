import type http from 'node:http';
import type { teamCalls, TeamListener } from '../../shared/contract/team';
import type { CoreServices, Feature } from '../feature';
import type { ProviderGate } from '../routing/port';
import { ensureCertificate } from './certificate';
import { createLanListener, planBind, urlOf } from './lan-listener';
import { createPeerGate } from './peer-gate';

export interface TeamFeatureDeps {
  /** The provider's request handler (routing's), served again on the LAN listener. */
  handler: () => http.RequestListener;
  /** Overrides settings.providerLanPort (tests use 0 for any free port). */
  lanPort?: number;
}

/** Serving a team from this machine: the TLS-only LAN listener, its certificate, the per-peer gate and who is connected. */
export interface TeamFeature extends Feature<typeof teamCalls> {
  /** The provider's per-peer admission (keys off loopback, per-key rate limits). */
  readonly gate: ProviderGate;
  listener(): TeamListener;
}

export function createTeamFeature(core: CoreServices, deps: TeamFeatureDeps): TeamFeature {
  const rate = () => core.settings.get().providerRateLimitPerMinute;
  const peers = createPeerGate(rate);
  let state: TeamListener = { state: 'off', url: null, message: 'Serving this machine only (127.0.0.1). Set a LAN address to serve a team.', fingerprint256: null, spkiSha256: null, rateLimitPerMinute: rate() };
  let lan: ReturnType<typeof createLanListener> | null = null;
  const listener = () => ({ ...state, rateLimitPerMinute: rate() });

  return {
    gate: peers.gate,
    listener,
    handlers: { 'team.status': () => ({ listener: listener(), peers: peers.peers() }) },
    async start() {
      const s = core.settings.get();
      const plan = planBind({ ...s, ...(deps.lanPort !== undefined ? { providerLanPort: deps.lanPort } : {}) });
      if (plan.kind === 'off') return;
      if (plan.kind === 'refused') {
        state = { ...state, state: 'refused', message: plan.message };
        core.log.error('provider.lan_refused', { bind: s.providerBind, message: plan.message });
        return;
      }
      state = { ...state, state: 'starting', message: 'Starting…' };
      const cert = await ensureCertificate(core.dataDir, plan.host);
      lan = createLanListener(deps.handler(), cert);
      const r = await lan.listen(plan.host, plan.port);
      if (!r.ok) {
        state = { ...state, state: 'error', message: r.message, fingerprint256: cert.fingerprint256, spkiSha256: cert.spkiSha256 };
        core.log.error('provider.lan_listen_failed', { bind: plan.host, port: plan.port, message: r.message });
        return;
      }
      const url = urlOf(plan.host, r.port);
      state = {
        ...state,
        state: 'listening',
        url,
        fingerprint256: cert.fingerprint256,
        spkiSha256: cert.spkiSha256,
        message: `Serving the team at ${url} (TLS; agent keys required; pin SHA-256 ${cert.fingerprint256}).`,
      };
      core.log.info('provider.lan_listening', { url, fingerprint256: cert.fingerprint256, spkiSha256: cert.spkiSha256, certFile: cert.certFile });
    },
    async close() {
      await lan?.close();
      lan = null;
      if (state.state === 'listening') state = { ...state, state: 'off', message: 'Stopped.' };
    },
  };
}
