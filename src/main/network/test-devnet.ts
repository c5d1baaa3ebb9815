import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { createOllamaBackend, startMiner, type Miner } from '../miner/port';
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

/**
 * A devnet with a fake Ollama behind its miners, for one describe block (tests only): hooks start both before
 * the block, stop the miners started with `miner()` after each test, and close everything after the block.
 */
export function useDevnetWithOllama(opts: Partial<DevnetOptions> = {}) {
  const s = { h: null as unknown as DevnetHarness, ollama: null as unknown as FakeOllama, miners: [] as Miner[] };
  beforeAll(async () => {
    s.h = await startDevnetHarness(opts);
    s.ollama = await startFakeOllama({ loaded: ['llama3.2:3b'] });
  });
  afterEach(async () => {
    await Promise.all(s.miners.splice(0).map((m) => m.stop()));
  });
  afterAll(async () => {
    await s.h.close();
    await s.ollama.close();
  });
  return {
    get h() {
      return s.h;
    },
    /** A reference miner on the fake Ollama that registers `payoutAddress` as its wallet and publishes its offers. */
    miner(id: string, price: string, payoutAddress: string | null): Miner {
      const m = startMiner({ coordinatorUrl: s.h.devnet.url, apiKey: s.h.minerKey, minerId: id, backend: createOllamaBackend({ url: s.ollama.url }), pricePer1kTokens: price, region: 'local', pollMs: 50, payoutAddress });
      s.miners.push(m);
      return m;
    },
  };
}
