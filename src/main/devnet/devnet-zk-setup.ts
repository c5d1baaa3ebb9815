import { existsSync } from 'node:fs';
import path from 'node:path';
import devnetManifest from '../../../resources/zk/devnet/manifest.json';
import devnetVk from '../../../resources/zk/devnet/verification_key.json';

/**
 * The devnet's own Groth16 setup (resources/zk/devnet: a LOCAL DEVELOPMENT setup, not a ceremony): the
 * proving files it proves receipts with, its verification key and the proving key's hash (`circuit_hash`).
 */

/** The Groth16 worker the devnet proves and self-verifies with (structurally ClawGrid's ZkEngine; injected). */
export interface Groth16Prover {
  prove(input: Record<string, unknown>, wasmFile: string, zkeyFile: string): Promise<{ proof: unknown; publicSignals: string[] }>;
  verify(vk: unknown, publicSignals: unknown, proof: unknown): Promise<{ valid: boolean; error?: string }>;
}

/** The devnet's verification key (what a verifier pins for devnet proofs). */
export const DEVNET_ZK_VERIFICATION_KEY: unknown = devnetVk;

/** sha256 of the devnet's proving key: `zk_proof.circuit_hash` and `zk_proof_id` of devnet proofs. */
export const DEVNET_CIRCUIT_HASH: string = devnetManifest.circuit_hash;

/** resources/zk in a checkout, next to the build (out/main) or in a packaged app (process.resourcesPath). */
export function zkResourcesDir(env: Record<string, string | undefined> = process.env, dir: string = __dirname): string {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    env.CLAWGRID_ZK_DIR,
    resourcesPath ? path.join(resourcesPath, 'resources', 'zk') : undefined,
    path.resolve(dir, '..', '..', 'resources', 'zk'),
    path.resolve(dir, '..', '..', '..', 'resources', 'zk'),
  ];
  for (const c of candidates) if (c && existsSync(path.join(c, 'devnet', 'receipt_public.zkey'))) return c;
  throw new Error('resources/zk/devnet not found: run `npm run zk:setup` in a checkout');
}
