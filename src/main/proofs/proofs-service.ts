import { createHash } from 'node:crypto';
import { canonicalFlatJson, canonicalKeyOrder, pythonJsonDumps } from '../../shared/domain/canonical-json';
import type { ChainVerifyResult, PinnedKey, ProofDetail, ProofLink, ProofStatus } from '../../shared/contract/proofs';
import type { ExecutionRecord } from './execution-record';
import { coordinatorClaims } from './coordinator-claims';
import { attestationText, checkLink, parseStoredReceipt, receiptFieldsForDisplay, type LinkOutcome } from './link-check';
import { computeLinkHash, GENESIS_HASH, sha256Hex, type ChainLinkRow, type NewLink, type ProofChainStore } from './proof-chain-store';
import { base64UrlEncode } from '../../shared/domain/receipt-payload';
import { parseEd25519Key } from './receipt-signature';
import type { ZkEngine } from './zk-engine';
import { ZK_KEYS } from './zk-keys';

export interface ProofsServiceDeps {
  store: ProofChainStore;
  engine: ZkEngine;
  /** The embedded devnet's receipt public key (raw 32 bytes), pinned automatically; null while it has none. */
  devnetPublicKey?: () => Uint8Array | null;
  /** The devnet's Groth16 verification key as the network runtime reports it (default: the bundled devnet key). */
  devnetZkKey?: () => unknown;
  now?: () => number;
  onChange?: (headSeq: number) => void;
  onProgress?: (p: { done: number; total: number; running: boolean }) => void;
}

/** SHA-256 of the bytes; chunks hash exactly as their concatenation would. */
const bytesHash = (b: string | Uint8Array | readonly Uint8Array[]): string => {
  if (typeof b === 'string' || b instanceof Uint8Array) return sha256Hex(b);
  const h = createHash('sha256');
  for (const c of b) h.update(c);
  return h.digest('hex');
};
const COMMITMENT_KEYS = canonicalKeyOrder(['request_sha256', 'response_sha256', 'model', 'model_digest']);
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The link for one execution: its commitment (request and response by hash), before it is chained. */
function newLink(rec: ExecutionRecord, now: () => number): NewLink {
  return {
    at_ms: rec.atMs ?? now(),
    request_id: rec.requestId,
    agent_id: rec.agentId,
    model: rec.model,
    model_digest: rec.modelDigest,
    backend: rec.backend,
    network: rec.backend === 'network' ? rec.network : null,
    job_id: rec.jobId ?? null,
    commitment: sha256Hex(canonicalFlatJson({ request_sha256: bytesHash(rec.request), response_sha256: bytesHash(rec.response), model: rec.model, model_digest: rec.modelDigest }, COMMITMENT_KEYS)),
    // Re-rendered losslessly (floats as Python repr, big ints exact, every non-ASCII unit escaped so even a
    // lone surrogate survives SQLite's UTF-8): parses back to the same values.
    receipt_json: rec.receipt ? pythonJsonDumps(rec.receipt, { ensureAscii: true }) : null,
  };
}

/** The proof chain (the plan's ZKProofChainManager): record, verify, and explain every hybrid execution. */
export function createProofsService(deps: ProofsServiceDeps) {
  const { store, engine } = deps;
  const now = deps.now ?? Date.now;
  /** Receipt checks cached by content hash (receipt bytes + pinned key): re-verifying is then free. */
  const cache = new Map<string, LinkOutcome>();
  let lastIntact: boolean | null = null;
  let running: Promise<ChainVerifyResult> | null = null;
  let devnetHex: string | null = null;
  const pinCache = new Map<string, string | null>();

  /**
   * Appends links in order in ONE transaction (the head read once, no savepoint per link: the provider's
   * proof recording measured ~11 % of its CPU per request with one transaction per link) and checks each
   * network receipt in the background. One change event for the batch.
   */
  function appendExecutions(recs: readonly ExecutionRecord[]): ChainLinkRow[] {
    const rows = store.appendMany(recs.map((rec) => newLink(rec, now)));
    for (const row of rows) {
      // A local link has no receipt to check (its status is derived, see toLink): no status row to write.
      if (row.backend === 'local') continue;
      void verifyOne(row)
        .catch(() => undefined)
        .then(() => deps.onChange?.(row.seq));
    }
    if (rows.length) deps.onChange?.(rows[rows.length - 1]!.seq);
    return rows;
  }

  function pinnedKeyHex(network: string | null): string | null {
    if (network === null) return null;
    if (network === 'devnet' && devnetHex === null) {
      const key = deps.devnetPublicKey?.() ?? null;
      if (key) {
        devnetHex = Buffer.from(key).toString('hex');
        const stored = store.keys().find((k) => k.network === 'devnet');
        if (stored?.public_key !== devnetHex) store.pinKey('devnet', devnetHex, 'devnet', now());
      }
    }
    if (network === 'devnet' && devnetHex) return devnetHex;
    if (!pinCache.has(network)) pinCache.set(network, store.keys().find((k) => k.network === network)?.public_key ?? null);
    return pinCache.get(network) ?? null;
  }

  async function outcomeOf(row: ChainLinkRow): Promise<LinkOutcome> {
    const key = pinnedKeyHex(row.network);
    // Everything the outcome depends on: the receipt bytes, the key, the network (which ZK key) and the job it must be for.
    const cacheKey = `${row.backend}:${row.network ?? ''}:${row.job_id ?? ''}:${row.receipt_sha256 ?? ''}:${key ?? ''}`;
    const hit = cache.get(cacheKey);
    if (hit) return hit;
    const devnetZk = row.network === 'devnet' && deps.devnetZkKey ? { ...ZK_KEYS.devnet, vk: deps.devnetZkKey() } : undefined;
    const outcome = await checkLink(row, key, engine, devnetZk);
    if (outcome.status !== 'unverified') cache.set(cacheKey, outcome);
    return outcome;
  }

  function toLink(row: ChainLinkRow, status: { status: ProofStatus; reason: string; checked_ms: number | null } | null): ProofLink {
    const receipt = row.receipt_json ? parseStoredReceipt(row) : null;
    return {
      seq: row.seq,
      atMs: row.at_ms,
      requestId: row.request_id,
      agentId: row.agent_id,
      model: row.model,
      backend: row.backend,
      network: row.network,
      jobId: row.job_id,
      receiptId: receipt && typeof receipt.receipt_id === 'string' ? receipt.receipt_id : null,
      hasProof: receipt ? receipt.zk_proof !== undefined && receipt.zk_proof !== null : false,
      status: status?.status ?? (row.backend === 'local' ? 'local' : 'unverified'),
      reason: status?.reason ?? (row.backend === 'local' ? 'Ran on this machine.' : 'Not verified yet.'),
      linkHash: row.link_hash,
      checkedAtMs: status?.checked_ms ?? null,
    };
  }

  async function verifyOne(row: ChainLinkRow): Promise<void> {
    const o = await outcomeOf(row);
    store.setStatus({ seq: row.seq, status: o.status, reason: o.reason, checked_ms: now() });
  }

  return {
    /** Appends one link (synchronously, in a transaction) and checks its receipt in the background. */
    recordExecution(rec: ExecutionRecord): ProofLink {
      return this.recordExecutions([rec])[0]!;
    },

    /** Appends links in order in one transaction (see appendExecutions) and returns them. */
    recordExecutions(recs: readonly ExecutionRecord[]): ProofLink[] {
      return appendExecutions(recs).map((row) => toLink(row, null));
    },

    /** As recordExecutions, without building the links for the caller (the feature's batches ignore them). */
    appendExecutions(recs: readonly ExecutionRecord[]): void {
      appendExecutions(recs);
    },

    list(limit: number, beforeSeq?: number): { links: ProofLink[]; total: number; intact: boolean | null } {
      const rows = store.page(limit, beforeSeq);
      const statuses = store.statuses(rows.map((r) => r.seq));
      return { links: rows.map((r) => toLink(r, statuses.get(r.seq) ?? null)), total: store.count(), intact: lastIntact };
    },

    async get(seq: number): Promise<ProofDetail | null> {
      const row = store.get(seq);
      if (!row) return null;
      const outcome = await outcomeOf(row);
      store.setStatus({ seq, status: outcome.status, reason: outcome.reason, checked_ms: now() });
      const { attests, doesNotAttest } = attestationText(row, outcome);
      return {
        link: toLink(row, store.status(seq)),
        prevHash: row.prev_hash,
        commitment: row.commitment,
        modelDigest: row.model_digest,
        receiptFields: receiptFieldsForDisplay(parseStoredReceipt(row)),
        signature: outcome.signature,
        proof: outcome.proof,
        bindingProof: outcome.bindingProof,
        claims: coordinatorClaims(parseStoredReceipt(row)),
        attests,
        doesNotAttest,
      };
    },

    /** Recomputes every link hash and back-pointer and re-checks every receipt; one run at a time. */
    verifyChain(): Promise<ChainVerifyResult> {
      running ??= (async () => {
        const started = performance.now();
        const total = store.count();
        const counts: Record<ProofStatus, number> = { verified: 0, no_proof_requested: 0, proof_unavailable: 0, failed: 0, unverified: 0, local: 0 };
        let brokenAt: ChainVerifyResult['brokenAt'] = null;
        let prev = GENESIS_HASH;
        let expected = 1;
        let done = 0;
        let after = 0;
        deps.onProgress?.({ done, total, running: true });
        for (;;) {
          const batch = store.range(after, 100);
          if (batch.length === 0) break;
          const results: Array<{ seq: number; status: ProofStatus; reason: string; checked_ms: number }> = [];
          // Receipt checks of a batch are all started (one per macrotask, so the event loop stays responsive)
          // before the first is awaited: the Groth16 worker's queue stays full while main hashes and checks signatures.
          const outcomes: Array<Promise<LinkOutcome>> = [];
          for (const row of batch) {
            outcomes.push(outcomeOf(row));
            await yieldToLoop();
          }
          for (const [i, row] of batch.entries()) {
            let broken: string | null = null;
            if (row.seq !== expected) broken = `Link(s) ${expected}–${row.seq - 1} are missing.`;
            else if (row.prev_hash !== prev) broken = 'Its back-pointer does not match the previous link: a link before it was changed or removed.';
            else if ((row.receipt_json === null ? null : sha256Hex(row.receipt_json)) !== row.receipt_sha256) broken = 'The stored receipt was altered after it was recorded.';
            else if (computeLinkHash(row) !== row.link_hash) broken = 'The link’s contents were altered after it was recorded.';
            if (broken && !brokenAt) brokenAt = { seq: row.seq, reason: broken };
            const o = await outcomes[i]!;
            const status: ProofStatus = broken ? 'failed' : o.status;
            results.push({ seq: row.seq, status, reason: broken ? `Chain broken here: ${broken}` : o.reason, checked_ms: now() });
            counts[status]++;
            prev = row.link_hash;
            expected = row.seq + 1;
            done++;
          }
          store.setStatuses(results);
          after = batch[batch.length - 1]!.seq;
          deps.onProgress?.({ done, total, running: true });
        }
        lastIntact = brokenAt === null;
        deps.onProgress?.({ done, total, running: false });
        deps.onChange?.(store.headSeq());
        return { checked: done, intact: lastIntact, brokenAt, counts, durationMs: performance.now() - started };
      })().finally(() => {
        running = null;
      });
      return running;
    },

    keys(): { keys: PinnedKey[]; unpinned: Array<{ network: string; keyId: string }> } {
      pinnedKeyHex('devnet');
      const keys = store.keys().map((k) => ({
        network: k.network,
        publicKeyHex: k.public_key,
        keyId: base64UrlEncode(Buffer.from(k.public_key, 'hex')),
        source: k.source,
        pinnedAtMs: k.pinned_ms,
      }));
      const pinned = new Set(keys.map((k) => k.network));
      const unpinned: Array<{ network: string; keyId: string }> = [];
      for (const row of store.page(200)) {
        if (row.backend !== 'network' || !row.network || pinned.has(row.network) || unpinned.some((u) => u.network === row.network)) continue;
        const sig = parseStoredReceipt(row)?.signature;
        const keyId = sig && typeof sig === 'object' && !Array.isArray(sig) && 'key_id' in sig && typeof sig.key_id === 'string' ? sig.key_id : null;
        if (keyId) unpinned.push({ network: row.network, keyId });
      }
      return { keys, unpinned };
    },

    /** Pins a user-entered or user-confirmed key; stored statuses are re-derived on the next check. */
    pinKey(network: string, publicKey: string): PinnedKey | { error: string } {
      if (network === 'devnet') return { error: 'The devnet key is pinned automatically from the embedded devnet.' };
      const key = parseEd25519Key(publicKey);
      if (!key) return { error: 'The key must be 32 bytes: 64 hex characters or base64url (43 characters).' };
      const hex = Buffer.from(key).toString('hex');
      const at = now();
      store.pinKey(network, hex, 'user', at);
      pinCache.delete(network);
      store.clearStatuses();
      lastIntact = null;
      deps.onChange?.(store.headSeq());
      return { network, publicKeyHex: hex, keyId: base64UrlEncode(key), source: 'user', pinnedAtMs: at };
    },

    /** The receipt signing key pinned for a network (the devnet's automatically), raw 32 bytes; null when none. */
    receiptKey(network: string): Uint8Array | null {
      const hex = pinnedKeyHex(network);
      return hex ? new Uint8Array(Buffer.from(hex, 'hex')) : null;
    },

    /** For tests and benches: forget cached receipt checks. */
    clearCache(): void {
      cache.clear();
    },
  };
}

export type ProofsService = ReturnType<typeof createProofsService>;
