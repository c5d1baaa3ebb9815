import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The devnet's secrets under AITBC's own variable names; generated once and kept in the devnet folder. */
export interface DevnetConfig {
  JWT_SECRET: string;
  MINER_API_KEYS: string[];
  RECEIPT_SIGNING_KEY_HEX: string;
}

const fileSchema = z.object({
  JWT_SECRET: z.string().min(16),
  MINER_API_KEYS: z.array(z.string().min(8)).min(1),
  RECEIPT_SIGNING_KEY_HEX: z.string().regex(/^[0-9a-fA-F]{64}$/),
});

export const DEVNET_DIR = 'devnet';
export const DEVNET_CONFIG_FILE = 'devnet-config.json';

/** `MINER_API_KEYS` as AITBC reads it: a JSON array or a comma list. */
export function parseKeyList(raw: string): string[] {
  const t = raw.trim();
  if (t.startsWith('[')) {
    const parsed = z.array(z.string()).safeParse(JSON.parse(t));
    if (parsed.success) return parsed.data.filter(Boolean);
  }
  return t.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Env (JWT_SECRET, MINER_API_KEYS, RECEIPT_SIGNING_KEY_HEX) ← persisted file ← freshly generated. */
export function loadDevnetConfig(dataDir: string, env: Record<string, string | undefined> = {}): DevnetConfig {
  const dir = path.join(dataDir, DEVNET_DIR);
  const file = path.join(dir, DEVNET_CONFIG_FILE);
  let stored: DevnetConfig | null = null;
  try {
    const parsed = fileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (parsed.success) stored = parsed.data;
  } catch {
    // missing or unreadable: generate
  }
  if (!stored) {
    stored = {
      JWT_SECRET: randomBytes(32).toString('hex'),
      MINER_API_KEYS: [`devnet-miner-${randomBytes(12).toString('hex')}`],
      RECEIPT_SIGNING_KEY_HEX: randomBytes(32).toString('hex'),
    };
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
  }
  return {
    JWT_SECRET: env.JWT_SECRET || stored.JWT_SECRET,
    MINER_API_KEYS: env.MINER_API_KEYS ? parseKeyList(env.MINER_API_KEYS) : stored.MINER_API_KEYS,
    RECEIPT_SIGNING_KEY_HEX: env.RECEIPT_SIGNING_KEY_HEX && /^[0-9a-fA-F]{64}$/.test(env.RECEIPT_SIGNING_KEY_HEX) ? env.RECEIPT_SIGNING_KEY_HEX : stored.RECEIPT_SIGNING_KEY_HEX,
  };
}
