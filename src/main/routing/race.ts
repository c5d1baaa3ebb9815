import type { LocalRun, LocalStart } from './local-run';
import type { NetworkOutcome } from './network-run';

/** Who won a hedged request, or why neither could answer. */
export type RaceResult =
  | { winner: 'local'; start: Extract<LocalStart, { kind: 'first' }>; networkStarted: boolean }
  | { winner: 'network'; outcome: Extract<NetworkOutcome, { ok: true }> }
  | { winner: null; local: LocalStart; network: NetworkOutcome | null };

/**
 * Hedged request: local is already running; the network starts after `hedgeMs` without a first local
 * token (0 = at once, for a cold model) or as soon as local fails. The first output wins and the loser
 * is cancelled for real: the Ollama request aborted, or the network job's signal aborted (→ job cancel).
 */
export function race(local: LocalRun, startNetwork: (signal: AbortSignal) => Promise<NetworkOutcome>, hedgeMs: number, parent: AbortSignal): Promise<RaceResult> {
  return new Promise((resolve) => {
    const netCtl = new AbortController();
    const onParent = () => netCtl.abort(parent.reason);
    parent.addEventListener('abort', onParent, { once: true });
    let done = false;
    let localFailed: LocalStart | null = null;
    let netFailed: NetworkOutcome | null = null;
    let netPromise: Promise<NetworkOutcome> | null = null;
    const settle = (r: RaceResult) => {
      if (done) return;
      done = true;
      clearTimeout(hedge);
      parent.removeEventListener('abort', onParent);
      resolve(r);
    };
    const startNet = () => {
      if (netPromise || done) return;
      clearTimeout(hedge);
      netPromise = startNetwork(netCtl.signal);
      void netPromise.then((o) => {
        if (done) return;
        if (o.ok) {
          local.abort();
          settle({ winner: 'network', outcome: o });
        } else {
          netFailed = o;
          if (localFailed) settle({ winner: null, local: localFailed, network: o });
        }
      });
    };
    const hedge = setTimeout(startNet, Math.max(0, hedgeMs));
    void local.started.then((s) => {
      if (done) return;
      if (s.kind === 'first') {
        netCtl.abort('lost the race');
        settle({ winner: 'local', start: s, networkStarted: netPromise !== null });
        return;
      }
      localFailed = s;
      if (netFailed) settle({ winner: null, local: s, network: netFailed });
      else startNet();
    });
  });
}
