import { useQuery } from '@tanstack/react-query';
import { useTransport } from '../../../transport/transport-context';
import { earnJobsQuery, type EarnJobView } from '../api/earn-queries';

const time = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleTimeString());

function Receipt({ j }: { j: EarnJobView }) {
  const r = j.receipt;
  if (!r) return <span className="muted">{j.state === 'completed' ? 'none returned' : '—'}</span>;
  const verdict = r.verified === true ? 'signature valid' : r.verified === false ? `invalid: ${r.verdict}` : `not verified: ${r.verdict}`;
  return (
    <span>
      <code title={`signer ${r.signer ?? '?'}`}>{r.receiptId.slice(0, 12)}</code> · {r.units ?? '?'} {r.unitType ?? ''} · {r.priceAit ?? '?'} AIT ·{' '}
      <span className={r.verified === false ? 'warn-text' : undefined} data-testid={`earn-receipt-${j.jobId}`}>{verdict}</span>
    </span>
  );
}

/** Jobs served on this machine, newest first: model, tokens, receipt, and the earning booked from the network's word. */
export function EarnJobsTable() {
  const transport = useTransport();
  const jobs = useQuery(earnJobsQuery(transport)).data?.jobs ?? [];
  return (
    <section className="card" aria-labelledby="earn-jobs-title">
      <h2 id="earn-jobs-title">Jobs served</h2>
      {jobs.length ? (
        <table className="table" data-testid="earn-jobs">
          <thead>
            <tr>
              <th scope="col">Job</th><th scope="col">Model</th><th scope="col">State</th><th scope="col">Taken</th><th scope="col">Result</th><th scope="col">Tokens (in / out)</th>
              <th scope="col">Receipt</th><th scope="col">Payment (coordinator)</th><th scope="col">Pending AIT</th><th scope="col">Released AIT (chain)</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={`${j.network} ${j.jobId}`} data-testid={`earn-job-${j.jobId}`}>
                <th scope="row"><code>{j.jobId.slice(0, 12)}</code></th>
                <td>{j.model}</td>
                <td>{j.state}{j.error ? <span className="muted small"> ({j.error})</span> : null}</td>
                <td>{time(j.polledAt)}</td>
                <td>{time(j.resultAt)}</td>
                <td>{j.promptTokens ?? '—'} / {j.outputTokens ?? '—'}</td>
                <td><Receipt j={j} /></td>
                {/* null: the coordinator was not asked yet (or the release was found by reconciliation first) */}
                <td>{j.paymentStatus ?? (j.releasedAit ? 'released' : 'not checked yet')}</td>
                <td>{j.pendingAit ?? '—'}</td>
                <td data-testid={`earn-job-released-${j.jobId}`}>{j.releasedAit ?? '—'}{j.releaseTx ? <span className="muted small"> tx <code>{j.releaseTx.slice(0, 10)}</code></span> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No network job served yet.</p>
      )}
    </section>
  );
}
