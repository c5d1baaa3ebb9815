import { isJsonObject, parseJsonLossless, toPlainJson, type JsonObject } from '../../shared/domain/canonical-json';
import type { ProofDetail, ProofStatus } from '../../shared/contract/proofs';
import type { ChainLinkRow } from './proof-chain-store';
import { verifyReceiptSignature } from './receipt-signature';
import type { ZkEngine } from './zk-engine';
import { allProofsValid, checkReceiptProofs } from './receipt-proofs';
import { ZK_KEYS, zkKeyForNetwork, type ZkKeyInfo } from './zk-keys';
import type { ZkCheck } from './zk-proof-check';

/** What checking one link's receipt yields: the status plus the drawer's signature and proof views. */
export interface LinkOutcome {
  status: ProofStatus;
  reason: string;
  signature: ProofDetail['signature'];
  proof: ProofDetail['proof'];
  bindingProof: ProofDetail['bindingProof'];
}

const NO_PROOF: ProofDetail['proof'] = {
  status: 'absent',
  circuit: null,
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
      bindingProof: NO_PROOF,
    };
  }
  const receipt = parseStoredReceipt(row);
  if (!receipt) {
    return {
      status: 'failed',
      reason: 'The network returned no receipt for this job (the coordinator signs none without a signing key, or the job failed).',
      signature: { status: 'missing', reason: 'No receipt.', keyId: null, pinnedKeyHex },
      proof: { ...NO_PROOF, reason: 'No receipt.' },
      bindingProof: NO_PROOF,
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
      bindingProof: NO_PROOF,
    };
  }
  if (row.job_id !== null && receipt.job_id !== row.job_id) {
    return {
      status: 'failed',
      reason: `The receipt is for job ${String(receipt.job_id)}, not for this execution's job ${row.job_id}.`,
      signature: { status: 'not_applicable', reason: 'Receipt belongs to another job.', keyId, pinnedKeyHex },
      proof: { ...NO_PROOF, zkStatus, reason: 'Not checked: receipt belongs to another job.' },
      bindingProof: NO_PROOF,
    };
  }
  const check = verifyReceiptSignature(receipt, pinnedKeyHex);
  if (!check.valid) {
    return {
      status: 'failed',
      reason: `Receipt signature: ${check.reason}`,
      signature: { status: check.code === 'MISSING_SIGNATURE' ? 'missing' : 'invalid', reason: check.reason, keyId, pinnedKeyHex },
      proof: { ...NO_PROOF, zkStatus, reason: 'Not checked: the receipt signature failed.' },
      bindingProof: NO_PROOF,
    };
  }
  const signature = {
    status: 'valid' as const,
    reason: 'Signed by the pinned coordinator key over every receipt field except the keys the coordinator adds after signing (proofs, statuses, computation_correct).',
    keyId,
    pinnedKeyHex,
  };
  const hasBinding = receipt.receipt_binding_proof !== undefined && receipt.receipt_binding_proof !== null;
  if ((receipt.zk_proof === undefined || receipt.zk_proof === null) && !hasBinding) {
    const required = zkStatus !== null && zkStatus !== 'not_required';
    return {
      status: required ? 'proof_unavailable' : 'no_proof_requested',
      reason: required ? `Signature verified; the coordinator attached no proof (zk_status: ${zkStatus}).` : 'Signature verified; no ZK proof was requested for this job.',
      signature,
      proof: { ...NO_PROOF, zkStatus, reason: required ? `No proof attached (zk_status: ${zkStatus}).` : 'No proof requested.' },
      bindingProof: NO_PROOF,
    };
  }
  const keys = { receiptPublic: zkKey ?? zkKeyForNetwork(row.network ?? ''), receiptModel: ZK_KEYS.aitbc_model };
  const checks = await checkReceiptProofs(receipt, keys, engine);
  const proof = checks.zkProof ? proofView(checks.zkProof, zkStatus, keys) : { ...NO_PROOF, zkStatus, reason: 'No zk_proof attached.' };
  const bindingProof = checks.bindingProof ? proofView(checks.bindingProof, zkStatus, keys) : NO_PROOF;
  const failures = [checks.zkProof && !checks.zkProof.valid ? `ZK proof: ${checks.zkProof.reason}` : null, checks.bindingProof && !checks.bindingProof.valid ? `Binding proof: ${checks.bindingProof.reason}` : null].filter(Boolean);
  if (!allProofsValid(checks)) return { status: 'failed', reason: failures.join(' '), signature, proof, bindingProof };
  const verifiedText = [checks.zkProof ? `${checks.zkProof.circuit} proof: ${checks.zkProof.reason}` : null, checks.bindingProof ? `Binding proof: ${checks.bindingProof.reason}` : null].filter(Boolean).join(' ');
  return { status: 'verified', reason: `Signature and ZK proof verified. ${verifiedText}`, signature, proof, bindingProof };
}

function proofView(zk: ZkCheck, zkStatus: string | null, keys: { receiptPublic: ZkKeyInfo; receiptModel: ZkKeyInfo }): ProofDetail['proof'] {
  return {
    status: zk.valid ? 'valid' : 'invalid',
    circuit: zk.circuit,
    reason: zk.reason,
    zkStatus,
    keyLabel: zk.circuit === 'receipt_model' ? keys.receiptModel.label : keys.receiptPublic.label,
    publicSignal: zk.publicSignal,
    recomputedHash: zk.recomputedHash,
    binding: zk.binding,
    circuitHash: zk.circuitHash,
  };
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
  const publicValid = [outcome.proof, outcome.bindingProof].filter((p) => p.status === 'valid' && p.circuit === 'receipt_public');
  for (const p of publicValid) {
    attests.push(
      `${p === outcome.bindingProof ? 'receipt_binding_proof' : 'zk_proof'}: a Groth16 receipt_public proof that the four published field elements (hashes of job + receipt id, provider, output and units) hash to the proof’s public signal` +
        (p.binding === 'matches' ? ', and ClawGrid recomputed those elements from this receipt: the proof is about this receipt.' : '.'),
    );
  }
  if (outcome.proof.status === 'valid' && outcome.proof.circuit === 'receipt_model') {
    attests.push(
      'zk_proof: a Groth16 receipt_model proof that the registered toy model "linear-1" (out = 2·in + 1 over four field elements), applied to values derived from the job’s prompt, gives the committed output hash' +
        (outcome.proof.binding === 'matches' ? ', and ClawGrid recomputed those signals from this receipt’s prompt.' : '.'),
    );
    doesNot.push('The receipt_model proof is about a registered toy model, not about the LLM that answered: AITBC derives its inputs from the prompt only and ignores the result.');
  }
  if (publicValid.length > 0 || outcome.proof.status === 'valid') {
    doesNot.push('The proofs are produced by the coordinator, which knows every input: they attest receipt integrity, not computation. They are not signed; the receipt signature is what ties this receipt to the coordinator.');
    doesNot.push(
      row.network === 'devnet'
        ? 'Devnet proofs use ClawGrid’s local development setup (not a ceremony): whoever ran the setup could forge them.'
        : 'AITBC’s trusted setups are development-only (no ceremony).',
    );
  }
  doesNot.push('computation_correct, zk_status and tee_status are the coordinator’s unsigned claims: added after signing, so anyone relaying the receipt could change them without breaking the signature.');
  return { attests, doesNotAttest: doesNot };
}
