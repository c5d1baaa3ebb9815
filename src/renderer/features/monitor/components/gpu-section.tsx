import type { MonitorSample, MonitorStatus } from '../../../../shared/contract/monitor';
import { GpuCard } from './gpu-card';

/** GPU cards, or the calm state that replaces them: no GPU, still starting, or the sampler failing. */
export function GpuSection({ status, latest }: { status: MonitorStatus['gpu']; latest: MonitorSample | undefined }) {
  if (status.state === 'absent') {
    return (
      <section className="info-panel" data-testid="gpu-absent" aria-label="GPUs">
        <h2>GPUs</h2>
        <p>{status.message || 'No NVIDIA GPU detected.'}</p>
        <p className="muted">Local models still run on the CPU through Ollama; big models can be offloaded to the AITBC network.</p>
      </section>
    );
  }
  const gpus = latest?.gpus ?? [];
  if (status.state === 'starting' || (!latest && status.state !== 'error')) {
    return (
      <section aria-label="GPUs" aria-busy="true" data-testid="gpu-waiting">
        <h2>GPUs</h2>
        <p className="muted">Waiting for first sample…</p>
        <div className="card-grid">
          <div className="card skeleton" />
        </div>
      </section>
    );
  }
  return (
    <section aria-label="GPUs">
      <h2>GPUs</h2>
      {status.state === 'error' ? (
        <p className="warning" role="alert" data-testid="gpu-error">
          {status.message || 'The GPU sampler failed.'}
          {gpus.length > 0 ? ' Showing the last reading.' : ''}
        </p>
      ) : null}
      {gpus.length === 0 && status.state === 'ok' ? <p className="muted">The latest sample lists no GPUs.</p> : null}
      <div className="card-grid">
        {gpus.map((g) => (
          <GpuCard key={g.uuid || g.index} gpu={g} />
        ))}
      </div>
    </section>
  );
}
