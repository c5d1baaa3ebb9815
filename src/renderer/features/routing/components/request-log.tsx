import { useQuery } from '@tanstack/react-query';
import type { RequestLogEntry } from '../../../../shared/contract/routing';
import { formatClock } from '../../../lib/format';
import { useTransport } from '../../../transport/transport-context';
import { jobPaymentsQuery, PaymentBadge, PaymentTxs, type JobPaymentList } from '../../network/port';

const ms = (v: number | null) => (v === null ? '—' : v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`);

/** The live request log: one row per request, with the planner's reasons spelled out on hover and for screen readers. */
export function RequestLog({ requests }: { requests: readonly RequestLogEntry[] }) {
  const transport = useTransport();
  const payments = useQuery(jobPaymentsQuery(transport, requests.flatMap((r) => (r.jobId ? [r.jobId] : [])))).data ?? [];
  if (requests.length === 0) {
    return (
      <p className="note" data-testid="request-log-empty">
        No requests yet. Point OpenClaw (or any Ollama client) at the endpoint above and they appear here as they finish.
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="table request-log" data-testid="request-log">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Agent</th>
            <th scope="col">Model</th>
            <th scope="col">Decision</th>
            <th scope="col">Why</th>
            <th scope="col">Backend</th>
            <th scope="col">TTFT</th>
            <th scope="col">Tokens/s</th>
            <th scope="col">Cost (AIT)</th>
            <th scope="col">Payment</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((r) => (
            <tr key={r.id} data-testid="request-row" data-strategy={r.strategy}>
              <td>{formatClock(r.at)}</td>
              <td>{r.agentName}</td>
              <td>
                <code>{r.model}</code> <span className="muted small">{r.endpoint}</span>
              </td>
              <td>
                <span className={`strategy strategy-${r.strategy}`} data-testid="request-strategy">
                  {r.strategy}
                </span>
              </td>
              <td className="small" title={r.explanation}>
                {r.reasons.join(', ')}
                <span className="sr-only"> — {r.explanation}</span>
              </td>
              <td data-testid="request-backend">{r.backend ?? '—'}</td>
              <td>{ms(r.ttftMs)}</td>
              <td>{r.tokensPerSecond === null ? '—' : r.tokensPerSecond.toFixed(1)}</td>
              <td>{r.costAit}</td>
              <PaymentCell payments={payments} jobId={r.jobId} />
              <td className={r.status === 'ok' ? '' : 'warn-text'} title={r.error ?? undefined}>
                {r.status === 'ok' ? `${r.evalTokens} tok` : `${r.status} ${r.httpStatus}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The request's network payment, when it had one: its state and chain transactions. */
function PaymentCell({ payments, jobId }: { payments: JobPaymentList; jobId: string | null }) {
  const p = jobId ? payments.find((x) => x.jobId === jobId) : undefined;
  if (!p) return <td className="muted">—</td>;
  return (
    <td className="small" data-testid="request-payment" data-state={p.state}>
      <PaymentBadge payment={p} /> <PaymentTxs payment={p} />
    </td>
  );
}
