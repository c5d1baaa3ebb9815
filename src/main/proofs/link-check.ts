import { isJsonObject, parseJsonLossless, toPlainJson, type JsonObject } from '../../shared/domain/canonical-json';
import type { ProofDetail, ProofStatus } from '../../shared/contract/proofs';
import type { ChainLinkRow } from './proof-chain-store';
import { verifyReceiptSignature } from './receipt-signature';
import type { ZkEngine } from './zk-engine';
import { zkKeyForNetwork, type ZkKeyInfo } from './zk-keys';
import { checkZkProof } from './zk-proof-check';

/** What checking one link's receipt yields: the status plus the drawer's signature and proof views. */
export interface LinkOutcome {
  status: ProofStatus;
  reason: string;
  signature: ProofDetail['signature'];
  proof: ProofDetail['proof'];
}

const NO_PROOF: ProofDetail['proof'] = {
  status: 'absent',
  reason: '',
  zkStatus: null,
  keyLabel: null,
  publicSignal: null,
  recomputedHash: null,
  binding: null,
  circuitHash: null,
};

export function parseStoredReceipt(row: ChainLinkRow): JsonObject | null {
  if (row.receipt_json === null) return null;
  const parsed = parseJsonLossless(row.receipt_json);
  return parsed.ok && isJsonObject(parsed.value) ? parsed.value : null;
}

/**
 * Checks a link's network receipt: signature against the pinned key (§7.4), then the attached proof (§8.5).
 * Local links have nothing to check beyond the chain itself.
 */
export async function checkLink(row: ChainLinkRow, pinnedKeyHex: string | null, engine: ZkEngine, zkKey?: ZkKeyInfo): Promise<LinkOutcome> {
  if (row.backend === 'local') {
    return {
      status: 'local',
      reason: 'Ran on this machine: no network receipt; the local commitment is in the chain.',
      signature: { status: 'not_applicable', reason: 'No network receipt.', keyId: null, pinnedKeyHex: null },
      proof: { ...NO_PROOF, reason: 'No network receipt.' },
    };
  }
  const receipt = parseStoredReceipt(row);
  if (!receipt) {
    return {
      status: 'failed',
      reason: 'The network returned no receipt for this job (the coordinator signs none without a signing key, or the job failed).',
      signature: { status: 'missing', reason: 'No receipt.', keyId: null, pinnedKeyHex },
      proof: { ...NO_PROOF, reason: 'No receipt.' },
    };
  }
  const sig = receipt.signature;
  const keyId = isJsonObject(sig) && typeof sig.key_id === 'string' ? sig.key_id : null;
  const zkStatus = typeof receipt.zk_status === 'string' ? receipt.zk_status : null;
  if (!pinnedKeyHex) {
    return {
      status: 'unverified',
      reason: `No coordinator key is pinned for ${row.network ?? 'this network'}: confirm the key in Proofs → Keys to verify.`,
      signature: { status: 'no_key', reason: 'No pinned key.', keyId, pinnedKeyHex: null },
      proof: { ...NO_PROOF, zkStatus, reason: 'Not checked: the receipt signature comes first.' },
    };
  }
  if (row.job_id !== null && receipt.job_id !== row.job_id) {
    return {
      status: 'failed',
      reason: `The receipt is for job ${String(receipt.job_id)}, not for this execution's job ${row.job_id}.`,
      signature: { status: 'not_applicable', reason: 'Receipt belongs to another job.', keyId, pinnedKeyHex },
      proof: { ...NO_PROOF, zkStatus, reason: 'Not checked: receipt belongs to another job.' },
    };
  }
  const check = verifyReceiptSignature(receipt, pinnedKeyHex);
  if (!check.valid) {
    return {
      status: 'failed',
      reason: `Receipt signature: ${check.reason}`,
      signature: { status: check.code === 'MISSING_SIGNATURE' ? 'missing' : 'invalid', reason: check.reason, keyId, pinnedKeyHex },
      proof: { ...NO_PROOF, zkStatus, reason: 'Not checked: the receipt signature failed.' },
    };
  }
  const signature = { status: 'valid' as const, reason: 'Signed by the pinned coordinator key over the 13 signed receipt fields.', keyId, pinnedKeyHex };
  if (receipt.zk_proof === undefined || receipt.zk_proof === null) {
    const required = zkStatus !== null && zkStatus !== 'not_required';
    return {
      status: required ? 'proof_unavailable' : 'no_proof_requested',
      reason: required ? `Signature verified; the coordinator attached no proof (zk_status: ${zkStatus}).` : 'Signature verified; no ZK proof was requested for this job.',
      signature,
      proof: { ...NO_PROOF, zkStatus, reason: required ? `No proof attached (zk_status: ${zkStatus}).` : 'No proof requested.' },
    };
  }
  const key = zkKey ?? zkKeyForNetwork(row.network ?? '');
  const zk = await checkZkProof(receipt.zk_proof, key, engine, receipt);
  const proof: ProofDetail['proof'] = {
    status: zk.valid ? 'valid' : 'invalid',
    reason: zk.reason,
    zkStatus,
    keyLabel: key.label,
    publicSignal: zk.publicSignal,
    recomputedHash: zk.recomputedHash,
    binding: zk.binding,
    circuitHash: zk.circuitHash,
  };
  return zk.valid
    ? { status: 'verified', reason: `Signature and ZK proof verified. ${zk.reason}`, signature, proof }
    : { status: 'failed', reason: `ZK proof: ${zk.reason}`, signature, proof };
}

/** The receipt's top-level fields for the drawer (metadata shown compactly). */
export function receiptFieldsForDisplay(receipt: JsonObject | null): Array<{ name: string; value: string }> {
  if (!receipt) return [];
  const out: Array<{ name: string; value: string }> = [];
  for (const name of ['receipt_id', 'job_id', 'provider', 'client', 'status', 'units', 'unit_type', 'unit_price', 'price', 'started_at', 'completed_at', 'zk_status']) {
    const v = receipt[name];
    if (v === undefined || v === null) continue;
    out.push({ name, value: typeof v === 'string' ? v : JSON.stringify(toPlainJson(v)) });
  }
  const meta = receipt.metadata;
  if (isJsonObject(meta) && isJsonObject(meta.result)) {
    const output = meta.result.output;
    if (typeof output === 'string') out.push({ name: 'metadata.result.output', value: output.length > 500 ? `${output.slice(0, 500)}…` : output });
    if (typeof meta.result.model === 'string') out.push({ name: 'metadata.result.model', value: meta.result.model });
  }
  return out;
}

/** Plain-language "what this attests" / "what it does not", per status (the honesty requirement of #7). */
export function attestationText(row: ChainLinkRow, outcome: LinkOutcome): { attests: string[]; doesNotAttest: string[] } {
  const chain = `This execution is link #${row.seq} of ClawGrid's local proof chain: the hashes of the request, the response and the model digest are recorded, and "Verify all" detects a later change to this or an earlier link (unless every following link was rewritten as well: the chain is kept on this computer and anchored nowhere else).`;
  if (row.backend === 'local') {
    return {
      attests: [chain],
      doesNotAttest: ['The chain is kept by ClawGrid on this computer: it is not a third-party attestation.', 'Nothing here proves the model answered correctly.'],
    };
  }
  const attests = [chain];
  const doesNot = [
    'No receipt or proof shows that the model actually ran, or that its output is correct: the receipt records what the miner reported.',
    "The provider (miner id) is the coordinator's claim; AITBC lets any miner key complete any job.",
    'The receipt price is informational: escrow pays the job’s payment amount.',
  ];
  if (outcome.signature.status === 'valid') {
    attests.push(
      'The coordinator holding the pinned key signed this receipt: job and receipt ids, provider, client, units, prices, timestamps, the job payload and the miner’s result exactly as shown. Any change to those fields breaks the signature.',
    );
  }
  if (outcome.proof.status === 'valid') {
    attests.push(
      'A Groth16 proof that the four published field elements (hashes of job + receipt id, provider, output and units) hash to the proof’s public signal' +
        (outcome.proof.binding === 'matches' ? ', and ClawGrid recomputed those elements from this receipt: the proof is about this receipt.' : '.'),
    );
    doesNot.push('The proof is produced by the coordinator, which knows every input: it attests receipt integrity, not computation. It is not signed; the receipt signature is what ties it to the coordinator.');
    doesNot.push(
      row.network === 'devnet'
        ? 'Devnet proofs use ClawGrid’s local development setup (not a ceremony): whoever ran the setup could forge them.'
        : 'AITBC’s trusted setup is development-only (no ceremony).',
    );
  }
  return { attests, doesNotAttest: doesNot };
}
