import { useQuery } from '@tanstack/react-query';
import { setupStepIds, type SetupStepId } from '../../../../shared/contract/settings';
import { useTransport } from '../../../transport/transport-context';
import { useMonitorSnapshot } from '../../monitor/port';
import { networkStatusQuery } from '../../network/port';
import { openclawAgentsQuery } from '../../openclaw/port';
import { walletStatusQuery } from '../../wallet/port';
import { stepLabels } from '../lib/setup-steps';
import { useSetupStore } from '../stores/setup-store';

/** What each step amounts to now (read live, not remembered), with a way back to any of them. */
export function SummaryStep() {
  const transport = useTransport();
  const snap = useMonitorSnapshot().data;
  const claw = useQuery(openclawAgentsQuery(transport)).data;
  const wallet = useQuery(walletStatusQuery(transport)).data;
  const net = useQuery(networkStatusQuery(transport)).data;
  const { skipped, goTo } = useSetupStore();
  const gpus = snap?.samples.at(-1)?.gpus ?? [];
  const d = claw?.detection;
  const wired = claw?.agents.filter((a) => a.onClawGrid).length ?? 0;
  const facts: Record<Exclude<SetupStepId, 'summary'>, string> = {
    ollama: !snap ? '…' : snap.status.ollama.state === 'ok' ? `found at ${snap.status.ollama.url}` : `not found at ${snap.status.ollama.url}`,
    gpu: !snap ? '…' : gpus.length ? gpus.map((g) => g.name).join(', ') : 'no NVIDIA GPU (CPU and network only)',
    openclaw: !d ? 'not checked yet' : d.state === 'ok' ? `OpenClaw ${d.version ?? ''} on Node ${d.nodeVersion ?? '?'}` : d.state === 'node-too-old' ? `needs Node ≥ 24.16 (found ${d.nodeVersion ?? 'none'})` : 'not installed',
    agents: wired ? `${wired} agent(s) on ClawGrid` : 'no agent wired yet',
    wallet: !wallet ? '…' : wallet.exists ? `${wallet.address ?? ''}${wallet.protection === 'passphrase' ? ' (passphrase)' : ' (OS keychain)'}` : 'no wallet',
    network: !net ? '…' : net.kind === 'devnet' ? 'devnet — play money' : net.kind === 'off' ? 'off — local only' : net.network,
  };
  return (
    <table className="table" data-testid="setup-summary">
      <thead>
        <tr><th scope="col">Step</th><th scope="col">Now</th><th scope="col"><span className="visually-hidden">Change</span></th></tr>
      </thead>
      <tbody>
        {setupStepIds.filter((s) => s !== 'summary').map((s) => (
          <tr key={s} data-testid={`setup-summary-${s}`}>
            <th scope="row">{stepLabels[s]}</th>
            <td>{facts[s as keyof typeof facts]}{skipped.includes(s) ? <span className="tag"> skipped</span> : null}</td>
            <td><button type="button" onClick={() => goTo(s)} aria-label={`Change ${stepLabels[s]}`}>Change</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
