import type { MonitorStatus } from '../../../../shared/contract/monitor';
import { NOT_REPORTED, formatBytesAsGb, formatExpiry, formatVramShare } from '../../../lib/format';

/** Models Ollama holds in memory now (expiry relative to the latest sample's time); Ollama being absent is a one-line note, not an error. */
export function OllamaPanel({ ollama, nowMs }: { ollama: MonitorStatus['ollama']; nowMs: number | null }) {
  return (
    <section className="card" aria-labelledby="ollama-title" data-testid="ollama-panel">
      <h2 id="ollama-title">Ollama loaded models</h2>
      {ollama.state === 'absent' ? (
        <p className="note" data-testid="ollama-note">
          {ollama.message || `Ollama is not running at ${ollama.url}.`}
        </p>
      ) : ollama.state === 'starting' ? (
        <p className="muted">Checking Ollama at {ollama.url}…</p>
      ) : ollama.state === 'error' ? (
        <p className="warning" data-testid="ollama-error">
          {ollama.message || `Ollama at ${ollama.url} did not answer.`}
        </p>
      ) : ollama.models.length === 0 ? (
        <p className="muted">No model is loaded in Ollama right now.</p>
      ) : (
        <table className="table" data-testid="ollama-models">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col" className="num">
                In VRAM
              </th>
              <th scope="col">Unloads</th>
            </tr>
          </thead>
          <tbody>
            {ollama.models.map((m) => (
              <tr key={m.name}>
                <td>{m.name}</td>
                <td className="num">{formatBytesAsGb(m.sizeBytes)}</td>
                <td className="num">{formatVramShare(m.sizeVramBytes, m.sizeBytes)}</td>
                <td title={m.expiresAt ?? undefined}>{nowMs === null ? NOT_REPORTED : formatExpiry(m.expiresAt, nowMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
