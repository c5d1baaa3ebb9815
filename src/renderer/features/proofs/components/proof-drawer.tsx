import { useQuery } from '@tanstack/react-query';
import { useTransport } from '../../../transport/transport-context';
import { proofDetailQuery } from '../api/proofs-queries';
import { ClaimsView, ProofView } from './proof-view';
import { ProofStatusBadge } from './status-badge';
import { PaymentDetails } from '../../network/port';

const short = (h: string | null) => (h === null ? '—' : h.length > 24 ? `${h.slice(0, 12)}…${h.slice(-8)}` : h);

/** Details of one link: receipt fields, signing key, public signal, recomputed hash, and what it attests. */
export function ProofDrawer({ seq, onClose }: { seq: number; onClose: () => void }) {
  const detail = useQuery(proofDetailQuery(useTransport(), seq));
  return (
    <aside className="proof-drawer card" aria-label={`Proof details for link ${seq}`} data-testid="proof-drawer">
      <div className="section-head">
        <h2>Link #{seq}</h2>
        <button type="button" onClick={onClose} data-testid="proof-drawer-close">
          Close
        </button>
      </div>
      {detail.isPending && <p className="muted">Verifying…</p>}
      {detail.isError && <p className="warning" role="alert">Could not load: {detail.error.message}</p>}
      {detail.data && (
        <>
          <p>
            <ProofStatusBadge status={detail.data.link.status} /> <span data-testid="proof-reason">{detail.data.link.reason}</span>
          </p>
          <h3>What this attests</h3>
          <ul data-testid="proof-attests">
            {detail.data.attests.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
          <h3>What it does not attest</h3>
          <ul data-testid="proof-does-not-attest">
            {detail.data.doesNotAttest.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
          <h3>Signature</h3>
          <dl className="proof-fields" data-testid="proof-signature" data-status={detail.data.signature.status}>
            <dt>Status</dt>
            <dd data-testid="proof-signature-result">{detail.data.signature.status} — {detail.data.signature.reason}</dd>
            <dt>Key in receipt</dt>
            <dd><code>{detail.data.signature.keyId ?? '—'}</code></dd>
            <dt>Pinned key</dt>
            <dd><code>{short(detail.data.signature.pinnedKeyHex)}</code></dd>
          </dl>
          <ProofView proof={detail.data.proof} testId="proof-zk" prefix="proof" title="ZK proof (zk_proof)" />
          {detail.data.bindingProof.status !== 'absent' && <ProofView proof={detail.data.bindingProof} testId="proof-binding" prefix="proof-binding" title="Binding proof (receipt_binding_proof)" />}
          <ClaimsView claims={detail.data.claims} />
          {detail.data.link.jobId && (
            <>
              <h3>Payment</h3>
              <PaymentDetails jobId={detail.data.link.jobId} network={detail.data.link.network} />
            </>
          )}
          <h3>Receipt</h3>
          {detail.data.receiptFields.length === 0 ? (
            <p className="note">No network receipt (local execution).</p>
          ) : (
            <dl className="proof-fields" data-testid="proof-receipt-fields">
              {detail.data.receiptFields.map((f) => (
                <div key={f.name} className="proof-field">
                  <dt>{f.name}</dt>
                  <dd>{f.value}</dd>
                </div>
              ))}
            </dl>
          )}
          <h3>Chain</h3>
          <dl className="proof-fields">
            <dt>Commitment</dt>
            <dd><code title={detail.data.commitment}>{short(detail.data.commitment)}</code></dd>
            <dt>Link hash</dt>
            <dd><code title={detail.data.link.linkHash}>{short(detail.data.link.linkHash)}</code></dd>
            <dt>Previous link</dt>
            <dd><code title={detail.data.prevHash}>{short(detail.data.prevHash)}</code></dd>
            <dt>Model digest</dt>
            <dd><code>{detail.data.modelDigest ?? '—'}</code></dd>
          </dl>
        </>
      )}
    </aside>
  );
}
