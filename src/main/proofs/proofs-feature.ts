import { ContractError } from '../../shared/contract/errors';
import type { proofsCalls } from '../../shared/contract/proofs';
import type { CoreServices, Feature } from '../feature';
import type { ExecutionRecord } from './execution-record';
import { createProofChainStore } from './proof-chain-store';
import { createProofsService, type ProofsService } from './proofs-service';
import type { NetworkKeys } from './port';
import { sharedZkEngine, type ZkEngine } from './zk-engine';

export interface ProofsFeatureOptions {
  /** The devnet's keys, from the network runtime (wired in container.ts); without it no devnet key is auto-pinned. */
  networkKeys?: () => NetworkKeys;
  engine?: ZkEngine;
}

/** What other features use: the engine calls `recordExecution` after every hybrid execution. */
export interface ProofsFeature extends Feature<typeof proofsCalls> {
  readonly proofs: ProofsService;
  /**
   * Queues one execution and returns at once: hashing and the chain append run in a group commit at most
   * RECORD_BATCH_MS later (or as soon as RECORD_BATCH_MAX are queued), never on the request path. Records arriving
   * after close() are dropped; close() appends what is queued.
   */
  recordExecution(rec: ExecutionRecord): void;
  /** Appends every queued record now (tests, shutdown). */
  flushRecords(): void;
}

// Proof links are group-committed like metering: one transaction per batch. Measured with bench:provider on 2 cores:
// a commit per event-loop turn (batches of 1–3 under 32 clients) cost ~17 % of the provider's CPU at ~1,000 req/s.
// A batch blocks the event loop while it is hashed and written (~18 µs a link): at most 64 links (~1 ms) at a time.
const RECORD_BATCH_MS = 20;
const RECORD_BATCH_MAX = 64;

/** Receipts, ZK proofs and the proof chain: verify what the network sends back, and show it. */
export function createProofsFeature(core: CoreServices, opts: ProofsFeatureOptions = {}): ProofsFeature {
  const engine = opts.engine ?? sharedZkEngine();
  const proofs = createProofsService({
    store: createProofChainStore(core.db),
    engine,
    devnetPublicKey: () => opts.networkKeys?.().receiptSigningKey ?? null,
    ...(opts.networkKeys ? { devnetZkKey: () => opts.networkKeys?.().zkVerificationKey } : {}),
    onChange: (headSeq) => core.hub.publish('proofs.changed', { headSeq }),
    onProgress: (p) => core.hub.publish('proofs.verifyProgress', p),
  });
  // The curve is built when the Proofs page first asks (or the first receipt is checked), then kept warm
  // until close(): app start-up pays nothing for it.
  let warmed = false;
  const warmOnce = (): void => {
    if (warmed) return;
    warmed = true;
    void engine.warm().catch((err: unknown) => core.log.warn('proofs.zk_warm_failed', { err: String(err) }));
  };
  const queue: ExecutionRecord[] = [];
  let scheduled: NodeJS.Timeout | null = null;
  let soon: NodeJS.Immediate | null = null;
  let closed = false;
  // Everything queued since the last flush is appended in ONE SQLite transaction: one commit per batch, not per request.
  const appendAll = (recs: ExecutionRecord[]): void => {
    try {
      proofs.appendExecutions(recs);
    } catch {
      // One bad record must not cost the others their links: append one by one, logging the ones that fail.
      for (const rec of recs) {
        try {
          proofs.recordExecution(rec);
        } catch (err) {
          core.log.error('proofs.record_failed', { err: String(err), requestId: rec.requestId });
        }
      }
    }
  };
  const flushRecords = (): void => {
    if (scheduled) clearTimeout(scheduled);
    if (soon) clearImmediate(soon);
    scheduled = null;
    soon = null;
    if (queue.length === 0) return;
    try {
      appendAll(queue.splice(0));
    } catch (err) {
      core.log.error('proofs.record_failed', { err: String(err) });
    }
  };
  return {
    proofs,
    recordExecution(rec) {
      if (closed) return;
      queue.push(rec);
      // A full batch goes on the next turn (after this turn's answers are written), not inside the request's code.
      if (queue.length >= RECORD_BATCH_MAX) soon ??= setImmediate(flushRecords);
      else scheduled ??= setTimeout(flushRecords, RECORD_BATCH_MS);
    },
    flushRecords,
    handlers: {
      'proofs.list': ({ limit, beforeSeq }) => {
        warmOnce();
        return proofs.list(limit, beforeSeq);
      },
      'proofs.get': async ({ seq }) => {
        const detail = await proofs.get(seq);
        if (!detail) throw new ContractError('NOT_FOUND', `No proof chain link #${seq}.`);
        return detail;
      },
      'proofs.verifyChain': () => proofs.verifyChain(),
      'proofs.pinKey': ({ network, publicKey }) => {
        const r = proofs.pinKey(network, publicKey);
        if ('error' in r) throw new ContractError('INVALID_INPUT', r.error);
        return r;
      },
      'proofs.keys': () => proofs.keys(),
    },
    close: () => {
      flushRecords();
      closed = true;
      return engine.close();
    },
  };
}
