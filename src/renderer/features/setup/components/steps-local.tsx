import { useMutation, useQuery } from '@tanstack/react-query';
import { useTransport } from '../../../transport/transport-context';
import { formatBytesAsGb } from '../../../lib/format';
import { useMonitorSnapshot } from '../../monitor/port';
import { DetectionCard, WiringCard, openclawAgentsQuery, openclawRefreshMutation } from '../../openclaw/port';
import { OllamaUrlForm, settingsQuery } from '../../settings/port';
import { ollamaGuide, openclawGuide, OPENCLAW_MIN_NODE } from '../lib/install-guides';
import { InstallGuideView } from './install-guide';

/** Ollama: found (and what it holds) / how to install it on this OS / which URL ClawGrid asks. */
export function OllamaStep({ platform }: { platform: string }) {
  const ollama = useMonitorSnapshot().data?.status.ollama;
  return (
    <>
      <p>Small models run on your own Ollama; ClawGrid routes to it first.</p>
      {!ollama || ollama.state === 'starting' ? (
        <p className="muted" role="status">Looking for Ollama…</p>
      ) : ollama.state === 'ok' ? (
        <p className="ok-text" data-testid="setup-ollama-found">Ollama found at <code>{ollama.url}</code> · {ollama.models.length} model(s) loaded now.</p>
      ) : (
        <>
          <p className="warning" data-testid="setup-ollama-missing">Ollama was not found at <code>{ollama.url}</code>{ollama.message ? ` (${ollama.message})` : ''}. ClawGrid still works: requests go to the GPU network instead.</p>
          <InstallGuideView guide={ollamaGuide(platform)} title="Install Ollama" testId="setup-ollama-guide" />
        </>
      )}
      <OllamaUrlForm />
    </>
  );
}

/** GPU: what nvidia-smi reported; none is a normal state. */
export function GpuStep() {
  const snap = useMonitorSnapshot().data;
  const gpu = snap?.status.gpu;
  const gpus = snap?.samples.at(-1)?.gpus ?? [];
  if (!gpu || gpu.state === 'starting') return <p className="muted" role="status">Reading the GPUs…</p>;
  return (
    <>
      {gpus.length > 0 ? (
        <ul data-testid="setup-gpus">
          {gpus.map((g) => (
            <li key={g.uuid || g.index}>
              <strong>{g.name}</strong> — {g.memTotalMiB === null ? 'VRAM not reported' : `${formatBytesAsGb(g.memTotalMiB * 1024 * 1024)} VRAM`}
            </li>
          ))}
        </ul>
      ) : (
        <p data-testid="setup-no-gpu">{gpu.message || 'No NVIDIA GPU detected.'}</p>
      )}
      <p className="note">Models that need more VRAM than this machine has are offloaded to the AITBC network; the Dashboard shows the GPUs live.</p>
    </>
  );
}

/** OpenClaw: found (version, Node, gateway) / the exact commands for this OS, Node ≥ 24.16 first. */
export function OpenClawStep({ platform }: { platform: string }) {
  const transport = useTransport();
  const overview = useQuery(openclawAgentsQuery(transport)).data;
  const refresh = useMutation(openclawRefreshMutation(transport));
  const d = overview?.detection ?? null;
  return (
    <>
      <p>OpenClaw runs your agents; it needs Node ≥ {OPENCLAW_MIN_NODE} (ClawGrid itself does not).</p>
      <DetectionCard d={d} />
      {d && d.state !== 'ok' ? <InstallGuideView guide={openclawGuide(platform)} title="Install OpenClaw" testId="setup-openclaw-guide" /> : null}
      <button type="button" onClick={() => refresh.mutate()} disabled={overview?.polling}>{overview?.polling ? 'Checking…' : 'Check again'}</button>
    </>
  );
}

/** Wire agents: point OpenClaw's agents at ClawGrid's Ollama-compatible endpoint (through OpenClaw's own CLI). */
export function AgentsStep() {
  const transport = useTransport();
  const overview = useQuery(openclawAgentsQuery(transport)).data;
  const port = useQuery(settingsQuery(transport)).data?.settings.providerPort ?? 11500;
  if (overview?.detection?.state === 'ok') return <WiringCard overview={overview} />;
  return (
    <p className="note" data-testid="setup-agents-later">
      OpenClaw is not ready yet (see the OpenClaw step). Once it is, choose here — or later on the Agents page — which agents use ClawGrid; their
      requests then go to <code>http://127.0.0.1:{port}</code>, where ClawGrid picks local or network per request.
    </p>
  );
}
