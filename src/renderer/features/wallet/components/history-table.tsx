import { useMutation, useQuery } from '@tanstack/react-query';
import { ExportButtons } from '../../../components/export-buttons';
import { useTransport } from '../../../transport/transport-context';
import { ledgerExportMutation } from '../api/wallet-mutations';
import { historyQuery } from '../api/wallet-queries';

const sign: Record<string, string> = { reserve: '⧗', settle: '−', fee: '−', release: '↺', refund: '+', transfer: '−' };

/** Every ledger entry, newest first (append-only: nothing here is ever edited). */
export function HistoryTable() {
  const transport = useTransport();
  const q = useQuery(historyQuery(transport));
  const exporter = useMutation(ledgerExportMutation(transport));
  return (
    <section className="card" aria-labelledby="history-title" data-testid="wallet-history">
      <div className="card-head">
        <h2 id="history-title">Ledger</h2>
        <ExportButtons what="the ledger" testId="ledger-export" run={(format) => exporter.mutateAsync({ format })} />
      </div>
      {q.isError ? <p className="warning">{q.error.message}</p> : null}
      {q.data && q.data.entries.length === 0 ? <p className="muted">No entries yet.</p> : null}
      {q.data && q.data.entries.length > 0 ? (
        <table className="ledger-table">
          <thead>
            <tr><th>When</th><th>Kind</th><th>AIT</th><th>Agent / model</th><th>Job / tx</th><th>Note</th></tr>
          </thead>
          <tbody>
            {q.data.entries.map((e) => (
              <tr key={e.seq} data-kind={e.kind}>
                <td>{new Date(e.atMs).toLocaleString()}</td>
                <td>{sign[e.kind]} {e.kind}</td>
                <td className="num">{e.amount}</td>
                <td>{e.agentId ?? '—'}{e.model ? ` / ${e.model}` : ''}</td>
                <td><code>{(e.jobId ?? e.txHash ?? e.counterparty ?? '').slice(0, 14)}</code></td>
                <td className="muted">{e.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
