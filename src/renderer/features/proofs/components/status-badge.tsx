import type { ProofStatus } from '../../../../shared/contract/proofs';

const LABEL: Record<ProofStatus, string> = {
  verified: 'verified',
  no_proof_requested: 'no proof requested',
  proof_unavailable: 'proof unavailable',
  failed: 'failed',
  unverified: 'unverified',
  local: 'local',
};

/** One link's verification status as a colored badge (text, not only color). */
export function ProofStatusBadge({ status, reason }: { status: ProofStatus; reason?: string }) {
  return (
    <span className={`proof-badge proof-${status}`} title={reason} data-testid="proof-status" data-status={status}>
      {LABEL[status]}
    </span>
  );
}
