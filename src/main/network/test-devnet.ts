import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { openDatabase, type Db } from '../store/database';
import { startDevnet, type Devnet, type DevnetOptions } from '../devnet/port';
import { createAitbcClient, type AitbcClient } from '../aitbc/port';
import { sharedZkEngine } from '../proofs/port';
import { createJobIntentStore, type JobIntentStore } from './job-intents';

/** Test harness (tests only): a devnet on a free port, a temp app DB for intents, and funded client wallets. */
export interface DevnetHarness {
  devnet: Devnet;
  dir: string;
  appDb: Db;
  intents: JobIntentStore;
  newClient(fundAit?: string, baseUrl?: string): Promise<AitbcClient>;
  minerKey: string;
  close(): Promise<void>;
}

export async function startDevnetHarness(opts: Partial<DevnetOptions> = {}): Promise<DevnetHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawgrid-devnet-'));
  // Like the app: the devnet proves in the process-wide Groth16 worker unless a test passes its own `zk`.
  const devnet = await startDevnet({ dataDir: dir, port: 0, rateLimits: false, zk: { engine: sharedZkEngine() }, ...opts });
  const appDb = openDatabase(path.join(dir, 'app'));
  return {
    devnet,
    dir,
    appDb,
    intents: createJobIntentStore(appDb),
    minerKey: devnet.config.MINER_API_KEYS[0] as string,
    async newClient(fundAit = '100', baseUrl = devnet.url) {
      const account = privateKeyToAccount(generatePrivateKey());
      if (fundAit !== '0') devnet.ledger.credit(account.address, fundAit, 'test_fund');
      return createAitbcClient({ baseUrl, account, timeoutMs: 5_000 });
    },
    async close() {
      await devnet.close();
      appDb.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
