import type { ProofDetail } from '../../../../shared/contract/proofs';

const short = (h: string | null) => (h === null ? '—' : h.length > 24 ? `${h.slice(0, 12)}…${h.slice(-8)}` : h);

/** One Groth16 proof's check: circuit, result, key, public signal(s) and whether it is bound to this receipt. */
export function ProofView({ proof, testId, title, prefix }: { proof: ProofDetail['proof']; testId: string; title: string; prefix: string }) {
  const model = proof.circuit === 'receipt_model';
  return (
    <>
      <h3>{title}</h3>
      <dl className="proof-fields" data-testid={testId} data-status={proof.status} data-circuit={proof.circuit ?? ''}>
        <dt>Circuit</dt>
        <dd data-testid={`${testId}-circuit`}>{proof.circuit ?? '—'}</dd>
        <dt>Result</dt>
        <dd>{proof.status} {proof.reason && `— ${proof.reason}`}</dd>
        <dt>Verification key</dt>
        <dd>{proof.keyLabel ?? '—'}</dd>
        <dt>{model ? 'Public signals' : 'Public signal'}</dt>
        <dd><code data-testid={`${prefix}-public-signal`}>{model ? (proof.publicSignal ?? '—') : short(proof.publicSignal)}</code></dd>
        <dt>{model ? 'Recomputed from the prompt' : 'Recomputed hash'}</dt>
        <dd><code data-testid={`${prefix}-recomputed-hash`}>{model ? (proof.recomputedHash ?? '—') : short(proof.recomputedHash)}</code></dd>
        <dt>Bound to this receipt</dt>
        <dd>{proof.binding ?? '—'}</dd>
      </dl>
      {model && proof.status !== 'absent' && (
        <p className="note" data-testid={`${testId}-model-note`}>
          A receipt_model proof is about AITBC’s registered toy model (linear-1) applied to values derived from the prompt, not about the LLM’s output.
        </p>
      )}
    </>
  );
}

/** The coordinator's unsigned statements, labelled as claims. */
export function ClaimsView({ claims }: { claims: ProofDetail['claims'] }) {
  const rows: Array<[string, string]> = [];
  if (claims.computationCorrect !== null) rows.push(['computation_correct', String(claims.computationCorrect)]);
  if (claims.zkStatus !== null) rows.push(['zk_status', `${claims.zkStatus}${claims.zkStatusMeaning ? ` — ${claims.zkStatusMeaning}` : ''}`]);
  if (claims.teeStatus !== null) rows.push(['tee_status', claims.teeStatus]);
  if (rows.length === 0) return null;
  return (
    <>
      <h3>Coordinator’s claims (unsigned)</h3>
      <p className="note">Added by the coordinator after signing: not covered by the signature and not verified by ClawGrid.</p>
      <dl className="proof-fields" data-testid="proof-claims">
        {rows.map(([name, value]) => (
          <div key={name} className="proof-field">
            <dt>{name} (claim)</dt>
            <dd data-testid={`claim-${name}`}>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
