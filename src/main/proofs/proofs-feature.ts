import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../../shared/contract/errors';
import type { proofsCalls } from '../../shared/contract/proofs';
import { DEVNET_CONFIG_FILE, DEVNET_DIR, loadDevnetConfig } from '../devnet/devnet-config';
import type { CoreServices, Feature } from '../feature';
import type { ExecutionRecord } from './execution-record';
import { createProofChainStore } from './proof-chain-store';
import { createProofsService, type ProofsService } from './proofs-service';
import { publicKeyFromSeed } from './receipt-signature';
import { sharedZkEngine, type ZkEngine } from './zk-engine';

export interface ProofsFeatureOptions {
  /** Overrides the devnet's receipt key lookup (default: the embedded devnet's config in the data dir). */
  devnetPublicKey?: () => Uint8Array | null;
  engine?: ZkEngine;
}

/** What other features use: the engine calls `recordExecution` after every hybrid execution. */
export interface ProofsFeature extends Feature<typeof proofsCalls> {
  readonly proofs: ProofsService;
  recordExecution(rec: ExecutionRecord): void;
}

/** The embedded devnet's receipt public key, read (never created) from its config in the data dir. */
function devnetKeyFromDataDir(core: CoreServices): Uint8Array | null {
  if (!fs.existsSync(path.join(core.dataDir, DEVNET_DIR, DEVNET_CONFIG_FILE)) && !core.env.RECEIPT_SIGNING_KEY_HEX) return null;
  return publicKeyFromSeed(loadDevnetConfig(core.dataDir, core.env).RECEIPT_SIGNING_KEY_HEX);
}

/** Receipts, ZK proofs and the proof chain: verify what the network sends back, and show it. */
export function createProofsFeature(core: CoreServices, opts: ProofsFeatureOptions = {}): ProofsFeature {
  const engine = opts.engine ?? sharedZkEngine();
  const proofs = createProofsService({
    store: createProofChainStore(core.db),
    engine,
    devnetPublicKey: opts.devnetPublicKey ?? (() => devnetKeyFromDataDir(core)),
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
  return {
    proofs,
    recordExecution(rec) {
      try {
        proofs.recordExecution(rec);
      } catch (err) {
        core.log.error('proofs.record_failed', { err: String(err), requestId: rec.requestId });
      }
    },
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
    close: () => engine.close(),
  };
}
