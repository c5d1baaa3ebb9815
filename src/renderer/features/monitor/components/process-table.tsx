import type { GpuProcess } from '../../../../shared/contract/monitor';
import { formatProcessLine } from '../../../lib/format';

/** Who holds GPU memory right now, biggest first: "ollama — 23.7 GB". */
export function ProcessTable({ processes }: { processes: readonly GpuProcess[] }) {
  const sorted = [...processes].sort((a, b) => (b.usedMemMiB ?? -1) - (a.usedMemMiB ?? -1));
  return (
    <section className="card" aria-labelledby="gpu-processes-title">
      <h2 id="gpu-processes-title">GPU processes</h2>
      {sorted.length === 0 ? (
        <p className="muted" data-testid="process-table">
          No process is using a GPU right now.
        </p>
      ) : (
        <table className="table" data-testid="process-table">
          <thead>
            <tr>
              <th scope="col">Process — GPU memory</th>
              <th scope="col" className="num">
                PID
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((p) => (
              <tr key={p.pid} data-testid={`process-${p.pid}`}>
                <td>{formatProcessLine(p.name, p.usedMemMiB)}</td>
                <td className="num">{p.pid}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
