import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { createOllamaBackend, type Miner, startMiner } from '../miner/port';
import { createAitbcClient } from '../aitbc/port';
import { createAitbcNetworkBackend } from './aitbc-network-backend';
import { startDevnetHarness, type DevnetHarness } from './test-devnet';

// Marketplace base URL (§0, §10.1) and the payee (`provider_address`, §4.2) against the real devnet.
let h: DevnetHarness;
let ollama: FakeOllama;
const miners: Miner[] = [];
const fastPoll = { baseMs: 30, factor: 1.5, maxMs: 200, jitter: 0.2 };
const PAYEE = '0x00000000000000000000000000000000000a11ce';

beforeAll(async () => {
  h = await startDevnetHarness({ wire: 'c27c654' }); // c27c654 semantics: the server escrows at submit
  ollama = await startFakeOllama({ loaded: ['llama3.2:3b'] });
});
afterEach(async () => {
  await Promise.all(miners.splice(0).map((m) => m.stop()));
});
afterAll(async () => {
  await h.close();
  await ollama.close();
});

const miner = (id: string, price: string, payoutAddress: string | null) => {
  const m = startMiner({ coordinatorUrl: h.devnet.url, apiKey: h.minerKey, minerId: id, backend: createOllamaBackend({ url: ollama.url }), pricePer1kTokens: price, region: 'local', pollMs: 50, payoutAddress });
  miners.push(m);
  return m;
};
const createAccount = () => privateKeyToAccount(generatePrivateKey());
const payee = (jobId: string) => h.devnet.db.prepare<[string], { provider: string | null }>('SELECT provider FROM payments WHERE job_id = ?').get(jobId)?.provider;

describe('marketplace URL', () => {
  it('offers come from the marketplace base: a hub-style coordinator base (/c) reads offers at the root', async () => {
    miner('m-market', '0.25', PAYEE);
    const other = await h.newClient('0');
    const hubStyle = createAitbcClient({ baseUrl: `${h.devnet.url}/c`, account: createAccount(), timeoutMs: 5_000 });
    expect(hubStyle.marketplaceUrl).toBe(h.devnet.url);
    await expect.poll(async () => (await hubStyle.marketOffers()).offers.map((o) => o.node_id), { timeout: 5_000 }).toContain('m-market');
    // an explicit marketplace URL wins over the derivation (the coordinator base here answers nothing)
    const split = createAitbcClient({ baseUrl: 'http://127.0.0.1:1', marketplaceUrl: `${h.devnet.url}/`, account: createAccount(), timeoutMs: 5_000 });
    expect((await split.marketOffers()).offers.find((o) => o.node_id === 'm-market')).toMatchObject({ provider_address: PAYEE, model: 'llama3.2:3b' });
    expect(other.marketplaceUrl).toBe(h.devnet.url);
  });
});

describe('provider_address (the payee)', () => {
  it('a job pinned to an offer names that offer\'s provider_address, and the escrow is released to it', async () => {
    miner('m-payee', '0.5', PAYEE);
    const client = await h.newClient('100');
    const backend = createAitbcNetworkBackend({ client, intents: h.intents, network: 'devnet-payee', poll: fastPoll, listStaleMs: 0, offersTtlMs: 0 });
    await expect.poll(async () => (await backend.offers()).find((o) => o.minerId === 'm-payee')?.providerAddress, { timeout: 5_000 }).toBe(PAYEE);
    const before = h.devnet.ledger.balance(PAYEE);
    const res = await backend.run(
      { requestId: 'req-payee', model: 'llama3.2:3b', minerId: 'm-payee', messages: [{ role: 'user', content: 'hi' }], ttlSeconds: 60, paymentAmountAit: '2' },
      { signal: new AbortController().signal },
    );
    expect(payee(res.jobId)).toBe(PAYEE);
    expect(h.devnet.ledger.balance(PAYEE)).not.toBe(before);
  });

  it('an offer without an address sends no payee; an unpinned paid job binds to the cheapest offer that names one', async () => {
    miner('m-anon', '0.5', null);
    const client = await h.newClient('100');
    const backend = createAitbcNetworkBackend({ client, intents: h.intents, network: 'devnet-anon', poll: fastPoll, listStaleMs: 0, offersTtlMs: 0 });
    await expect.poll(async () => (await backend.offers()).some((o) => o.minerId === 'm-anon'), { timeout: 5_000 }).toBe(true);
    const pinned = await backend.run(
      { requestId: 'req-anon', model: 'llama3.2:3b', minerId: 'm-anon', messages: [{ role: 'user', content: 'hi' }], ttlSeconds: 60, paymentAmountAit: '1' },
      { signal: new AbortController().signal },
    );
    expect(payee(pinned.jobId)).toBeNull();
    const free = await backend.run(
      { requestId: 'req-free', model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], ttlSeconds: 60, paymentAmountAit: '1' },
      { signal: new AbortController().signal },
    );
    const bound = (await backend.offers()).filter((o) => o.model === 'llama3.2:3b' && o.providerAddress && o.offerId).sort((a, b) => Number(a.pricePer1kTokensAit) - Number(b.pricePer1kTokensAit))[0];
    expect(payee(free.jobId)?.toLowerCase() ?? null).toBe(bound?.providerAddress?.toLowerCase() ?? null);
  });
});
