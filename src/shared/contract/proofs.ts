import { z } from 'zod';

/**
 * Per-link verification status shown on the Proofs page:
 * verified = receipt signature valid against the pinned key AND the attached ZK proof verified and is about this receipt;
 * no_proof_requested = signature valid, the coordinator attached no proof because none was required;
 * proof_unavailable = signature valid, a proof was required but the coordinator did not attach one (zk_status says why);
 * failed = signature, proof or chain link did not verify (see reason);
 * unverified = not checked yet, or no coordinator key pinned for that network;
 * local = ran on this machine: no network receipt exists, only the local commitment.
 */
export const proofStatusSchema = z.enum(['verified', 'no_proof_requested', 'proof_unavailable', 'failed', 'unverified', 'local']);
export type ProofStatus = z.infer<typeof proofStatusSchema>;

/** One chain link in the timeline (one hybrid execution). */
export const proofLinkSchema = z.object({
  seq: z.number().int().positive(),
  atMs: z.number().int(),
  requestId: z.string(),
  agentId: z.string().nullable(),
  model: z.string(),
  backend: z.enum(['local', 'network']),
  network: z.string().nullable(),
  jobId: z.string().nullable(),
  receiptId: z.string().nullable(),
  hasProof: z.boolean(),
  status: proofStatusSchema,
  reason: z.string(),
  linkHash: z.string(),
  checkedAtMs: z.number().int().nullable(),
});
export type ProofLink = z.infer<typeof proofLinkSchema>;

export const signatureViewSchema = z.object({
  status: z.enum(['valid', 'invalid', 'missing', 'no_key', 'not_applicable']),
  reason: z.string(),
  /** base64url key id in the receipt, and the pinned key (hex) it was checked against. */
  keyId: z.string().nullable(),
  pinnedKeyHex: z.string().nullable(),
});

export const zkProofViewSchema = z.object({
  status: z.enum(['valid', 'invalid', 'absent']),
  /** The circuit the proof was checked as (`zk_proof.circuit`; the binding proof is always receipt_public). */
  circuit: z.enum(['receipt_public', 'receipt_model']).nullable(),
  reason: z.string(),
  zkStatus: z.string().nullable(),
  keyLabel: z.string().nullable(),
  publicSignal: z.string().nullable(),
  recomputedHash: z.string().nullable(),
  binding: z.enum(['matches', 'mismatch', 'cannot_recompute', 'no_receipt']).nullable(),
  circuitHash: z.string().nullable(),
});

/** The coordinator's unsigned statements (added after signing): claims, not verified facts. */
export const coordinatorClaimsSchema = z.object({
  /** v0.25 `computation_correct`; null on receipts that do not carry it (c27c654). */
  computationCorrect: z.boolean().nullable(),
  zkStatus: z.string().nullable(),
  /** What the coordinator means by that zk_status. */
  zkStatusMeaning: z.string().nullable(),
  teeStatus: z.string().nullable(),
});
export type CoordinatorClaims = z.infer<typeof coordinatorClaimsSchema>;

/** The details drawer: receipt fields, signing key, public signal, recomputed hash and what it all attests. */
export const proofDetailSchema = z.object({
  link: proofLinkSchema,
  prevHash: z.string(),
  commitment: z.string(),
  modelDigest: z.string().nullable(),
  receiptFields: z.array(z.object({ name: z.string(), value: z.string() })),
  signature: signatureViewSchema,
  proof: zkProofViewSchema,
  /** v0.25 `receipt_binding_proof`: the receipt_public proof of this receipt (status absent when none). */
  bindingProof: zkProofViewSchema,
  claims: coordinatorClaimsSchema,
  attests: z.array(z.string()),
  doesNotAttest: z.array(z.string()),
});
export type ProofDetail = z.infer<typeof proofDetailSchema>;

export const pinnedKeySchema = z.object({
  network: z.string(),
  publicKeyHex: z.string(),
  keyId: z.string(),
  source: z.enum(['devnet', 'user']),
  pinnedAtMs: z.number().int(),
});
export type PinnedKey = z.infer<typeof pinnedKeySchema>;

export const chainVerifyResultSchema = z.object({
  checked: z.number().int().nonnegative(),
  intact: z.boolean(),
  /** The first link whose hash or back-pointer does not match: where the chain was altered. */
  brokenAt: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
  counts: z.record(proofStatusSchema, z.number().int().nonnegative()),
  durationMs: z.number().nonnegative(),
});
export type ChainVerifyResult = z.infer<typeof chainVerifyResultSchema>;

/** Calls of the proofs feature (receipts, ZK proofs, the proof chain). */
export const proofsCalls = {
  /** The chain, newest first, for the timeline. */
  'proofs.list': {
    input: z.object({ limit: z.number().int().min(1).max(1000).default(200), beforeSeq: z.number().int().positive().optional() }).strict(),
    output: z.object({ links: z.array(proofLinkSchema), total: z.number().int().nonnegative(), intact: z.boolean().nullable() }),
  },
  /** One link with its receipt, signature and proof checks (verifies it now if never checked). */
  'proofs.get': {
    input: z.object({ seq: z.number().int().positive() }).strict(),
    output: proofDetailSchema,
  },
  /** Recomputes every link and re-verifies signatures and proofs (cached by content hash); progress via event. */
  'proofs.verifyChain': {
    input: z.object({}).strict(),
    output: chainVerifyResultSchema,
  },
  /** Pins (or replaces) the coordinator's receipt key for a network; the user enters or confirms it. */
  'proofs.pinKey': {
    input: z.object({ network: z.string().min(1).max(300), publicKey: z.string().min(43).max(130) }).strict(),
    output: pinnedKeySchema,
  },
  /** Pinned keys, plus key ids seen in receipts of networks without a pin (for the user to confirm). */
  'proofs.keys': {
    input: z.object({}).strict(),
    output: z.object({ keys: z.array(pinnedKeySchema), unpinned: z.array(z.object({ network: z.string(), keyId: z.string() })) }),
  },
} as const;

/** Events of the proofs feature. */
export const proofsEvents = {
  /** The chain or a status changed: refetch (carries the newest seq). */
  'proofs.changed': z.object({ headSeq: z.number().int().nonnegative() }),
  /** verify-all progress. */
  'proofs.verifyProgress': z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative(), running: z.boolean() }),
} as const;
