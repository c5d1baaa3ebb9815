import fs from 'node:fs';
import path from 'node:path';
import { DEVNET_CONFIG_FILE, DEVNET_DIR, loadDevnetConfig } from './devnet-config';
import { publicKeyFromSeed } from './receipt-signer';

/**
 * The receipt public key of the devnet kept in `dataDir`, read (never created) from its config, or from
 * `RECEIPT_SIGNING_KEY_HEX`; null when that devnet never ran. What the devnet exports to whoever pins its key.
 */
export function devnetReceiptPublicKey(dataDir: string, env: Record<string, string | undefined> = {}): Uint8Array | null {
  if (!fs.existsSync(path.join(dataDir, DEVNET_DIR, DEVNET_CONFIG_FILE)) && !env.RECEIPT_SIGNING_KEY_HEX) return null;
  return publicKeyFromSeed(loadDevnetConfig(dataDir, env).RECEIPT_SIGNING_KEY_HEX);
}
