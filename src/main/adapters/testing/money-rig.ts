import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Hex } from 'viem';
import { parseAmount } from '../../../shared/domain/decimal';
import { startFakeOllama, type FakeOllama } from '../../../../test-support/fake-ollama/fake-ollama';
import { createOllamaBackend, type Miner, startMiner } from '../../miner/port';
import { MINER_PRICE, MONEY_MODEL } from './money-client';
import type { DevnetWire } from '../../devnet/port';
import { startDevnetHarness, type DevnetHarness } from '../../network/test-devnet';

/**
 * Test harness (tests only): a devnet (v0.25 unless told) that releases a paid job's escrow on its result (no acceptance window),
 * one real miner over a fake Ollama, and a funded buyer wallet. `charged()` is what the chain took from the buyer
 * (lock + lock fee − refunds), in total and per job: the figure the ledger must equal.
 */
export interface MoneyRig {
  h: DevnetHarness;
  ollama: FakeOllama;
  miner: Miner;
  loginKey: Hex;
  walletKey: Hex;
  walletAddress: string;
  charged(): { total: bigint; byJob: Map<string, bigint> };
  close(): Promise<void>;
}

const FUND = '1000';
export const PAYEE = '0x00000000000000000000000000000000000beef2';

export async function startMoneyRig(o: { tokenDelayMs?: number; wire?: DevnetWire; acceptanceWindowS?: number } = {}): Promise<MoneyRig> {
  const h = await startDevnetHarness({ wire: o.wire ?? 'v025', zk: false, acceptanceWindowS: o.acceptanceWindowS ?? 0 });
  const ollama = await startFakeOllama({ loaded: [MONEY_MODEL], tokenDelayMs: o.tokenDelayMs ?? 0 });
  const miner = startMiner({ coordinatorUrl: h.devnet.url, apiKey: h.minerKey, minerId: 'm-money', backend: createOllamaBackend({ url: ollama.url }), pricePer1kTokens: MINER_PRICE, region: 'eu', pollMs: 20, payoutAddress: PAYEE, concurrency: 4 });
  const loginKey = generatePrivateKey();
  const walletKey = generatePrivateKey();
  const walletAddress = privateKeyToAccount(walletKey).address;
  h.devnet.ledger.credit(walletAddress, FUND, 'test_fund');
  // the miner's offer is on the marketplace before any request is sent
  for (let i = 0; i < 200; i++) {
    const r = (await (await fetch(`${h.devnet.url}/v1/marketplace/offers`)).json()) as { offers?: unknown[] } | unknown[];
    if ((Array.isArray(r) ? r : (r.offers ?? [])).length) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  return {
    h, ollama, miner, loginKey, walletKey, walletAddress,
    charged() {
      const byJob = new Map<string, bigint>();
      let total = parseAmount(FUND) - parseAmount(h.devnet.ledger.balance(walletAddress));
      for (const e of h.devnet.ledger.entries(walletAddress, 100_000)) {
        if (!e.job_id) continue;
        byJob.set(e.job_id, (byJob.get(e.job_id) ?? 0n) - parseAmount(e.delta));
      }
      for (const [k, v] of byJob) if (v === 0n) byJob.delete(k);
      total = total < 0n ? 0n : total;
      return { total, byJob };
    },
    async close() {
      await miner.stop();
      await h.close();
      await ollama.close();
    },
  };
}
