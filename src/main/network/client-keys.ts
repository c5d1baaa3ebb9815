import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';

/**
 * The login key ClawGrid uses with one network's coordinator (the coordinator only needs a wallet signature
 * to issue a JWT; it holds no funds of its own on a real coordinator). One key file per network, mode 0600,
 * under <dataDir>/aitbc/keys/, so networks never share identities or ledgers.
 */
export function loadOrCreateClientAccount(dataDir: string, network: string): PrivateKeyAccount {
  const dir = path.join(dataDir, 'aitbc', 'keys');
  const name = network === 'devnet' ? 'devnet' : createHash('sha256').update(network).digest('hex').slice(0, 16);
  const file = path.join(dir, `${name}.key`);
  try {
    const key = fs.readFileSync(file, 'utf8').trim();
    if (/^0x[0-9a-f]{64}$/.test(key)) return privateKeyToAccount(key as `0x${string}`);
  } catch {
    // none yet
  }
  const key = generatePrivateKey();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return privateKeyToAccount(key);
}
