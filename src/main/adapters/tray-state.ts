import type { UpdateStatus } from '../../shared/contract/app';
import type { NetworkStatus } from '../../shared/contract/network';
import type { Container } from '../container';
import type { TrayState, TrayStateSource } from '../electron/tray-model';

/**
 * The tray's picture of ClawGrid, joined from the container: the local Ollama's poller, the wallet's approval
 * queue, and the network's and updater's status events (the same ones the window gets).
 */
export function trayStateSource(c: Pick<Container, 'ollama' | 'wallet' | 'hub' | 'router'>, update: () => UpdateStatus): TrayStateSource {
  let network: TrayState['network'] = null;
  let updateStatus: UpdateStatus = update();
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  const setNetwork = (s: NetworkStatus) => {
    network = { kind: s.kind, health: s.health.state };
    changed();
  };
  void c.router.dispatch('network.status', {}, { transport: 'ipc' }).then((r) => r.ok && setNetwork(r.output as NetworkStatus));
  const unsubs = [
    c.ollama.subscribe(changed),
    c.wallet.approvals.onChange(changed),
    c.hub.subscribe((batch) => {
      if (batch['app.update']) updateStatus = batch['app.update'];
      if (batch['network.status']) setNetwork(batch['network.status']);
      else if (batch['app.update']) changed();
    }),
  ];
  return {
    get() {
      const o = c.ollama.snapshot();
      return {
        local: { state: o.reachability.state, loaded: o.loaded.length },
        network,
        earning: 'off',
        approvals: c.wallet.approvals.pending(),
        update: { state: updateStatus.state, version: updateStatus.version },
      };
    },
    subscribe(onChange) {
      listeners.add(onChange);
      return () => {
        listeners.delete(onChange);
        if (listeners.size === 0) unsubs.forEach((u) => u());
      };
    },
  };
}
