import { beforeEach, describe, expect, it } from 'vitest';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createAitbcClient } from '../aitbc/port';
import type { DevnetWire } from '../devnet/port';
import { verifyReceiptSignature } from '../proofs/receipt-signature';
import { createChainClient } from '../wallet/chain-client';
import { createAitbcNetworkBackend } from './aitbc-network-backend';
import type { ReceiptVerdict } from './escrow-payment';
import { useDevnetWithOllama, type DevnetHarness } from './test-devnet';

// Marketplace base URL (§0, §10.1) and the payee against the real devnet. The payee comes only from the
// coordinator (the offer registry a miner published to with its key, or the assigned miner's registered wallet),
// never from an offer anyone could post: the devnet refuses unauthenticated, cross-site and lying offers.
const fastPoll = { baseMs: 30, factor: 1.5, maxMs: 200, jitter: 0.2 };
const PAYEE = '0x00000000000000000000000000000000000a11ce';
const BAD = '0x0000000000000000000000000000000000000bad';
const createAccount = () => privateKeyToAccount(generatePrivateKey());

describe.each(['v025', 'c27c654'] as DevnetWire[])('marketplace offers and the payee on the %s wire', (wire) => {
  const env = useDevnetWithOllama({ wire, zk: false });
  const miner = (id: string, price: string, payoutAddress: string | null) => env.miner(id, price, payoutAddress);
  let h: DevnetHarness;
  beforeEach(() => {
    h = env.h;
  });
  const offers = async () => ((await (await fetch(`${h.devnet.url}/v1/marketplace/offer`)).json()) as { offers: Record<string, unknown>[] }).offers;
  const postOffer = (body: unknown, headers: Record<string, string>) => fetch(`${h.devnet.url}/v1/marketplace/offer`, { method: 'POST', headers, body: JSON.stringify(body) });
  const spoof = { service_type: 'ollama', model: 'llama3.2:3b', price: '0.0001', price_unit: 'per_1k_tokens', status: 'active', provider_address: BAD };
  const chainUnits = async (address: string) => (await createChainClient(h.devnet.url).account(address)).balance;

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

  it('publishing an offer takes the miner\'s key, a JSON body and its registered wallet; spoofs are refused', async () => {
    miner('m-honest', '0.5', PAYEE);
    await expect.poll(async () => (await offers()).some((o) => o.node_id === 'm-honest'), { timeout: 5_000 }).toBe(true);
    const json = { 'content-type': 'application/json' };
    const asMiner = { ...json, 'x-api-key': h.minerKey, 'x-miner-id': 'm-honest' };
    const client = await h.newClient('0');
    const token = (await client.login()).token;
    expect((await postOffer(spoof, json)).status).toBe(401); // no key
    expect((await postOffer(spoof, { ...json, 'x-api-key': 'not-a-miner-key' })).status).toBe(401);
    expect((await postOffer(spoof, { ...json, authorization: `Bearer ${token}` })).status).toBe(403); // a client is not a miner
    expect((await postOffer(spoof, asMiner)).status).toBe(403); // the registered miner naming another payee
    expect((await postOffer({ ...spoof, provider_address: undefined }, { ...asMiner, 'x-miner-id': 'm-unregistered' })).status).toBe(403);
    expect((await postOffer(spoof, { ...asMiner, origin: 'https://evil.example', 'content-type': 'text/plain' })).status).toBe(403); // cross-site form post
    expect((await postOffer({ ...spoof, provider_address: PAYEE }, { ...asMiner, 'content-type': 'text/plain' })).status).toBe(415);
    const honest = (await offers()).find((o) => o.node_id === 'm-honest');
    // another miner cannot overwrite it (same plugin id), nor speak as its node
    expect((await postOffer({ ...spoof, provider_address: null, plugin_id: honest?.plugin_id }, { ...asMiner, 'x-miner-id': 'm-market' })).status).toBe(403);
    expect((await postOffer({ ...spoof, provider_address: null, node_id: 'm-honest' }, { ...asMiner, 'x-miner-id': 'm-market' })).status).toBe(403);
    // the same miner may update its own offer; the payee stays its registered wallet whatever the body omits
    const ok = await postOffer({ ...spoof, provider_address: undefined, plugin_id: honest?.plugin_id }, asMiner);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ provider_address: PAYEE, offer_id: honest?.offer_id });
    const listed = await offers();
    expect(listed.filter((o) => typeof o.provider_address === 'string' && o.provider_address.toLowerCase() === BAD)).toEqual([]);
    expect([...new Set(listed.filter((o) => o.node_id === 'm-honest').map((o) => o.provider_address))]).toEqual([PAYEE]);
  });

  it('a spoofed offer cannot move a payment: the escrow goes to the miner\'s registered wallet (chain balances)', async () => {
    miner('m-payee', '0.5', PAYEE);
    const client = await h.newClient(wire === 'v025' ? '0' : '100');
    const wallet = createAccount();
    h.devnet.ledger.credit(wallet.address, '10', 'test_fund');
    const verifyReceipt = async (r: unknown): Promise<ReceiptVerdict> => {
      const c = verifyReceiptSignature(r as never, h.devnet.receiptPublicKey);
      return c.valid ? { ok: true } : { ok: false, reason: c.reason };
    };
    const backend = createAitbcNetworkBackend({ client, intents: h.intents, network: `devnet-payee-${wire}`, poll: fastPoll, listStaleMs: 0, offersTtlMs: 0, signer: async () => wallet, verifyReceipt });
    await expect.poll(async () => (await backend.offers()).find((o) => o.minerId === 'm-payee')?.providerAddress, { timeout: 5_000 }).toBe(PAYEE);
    // the attacker tries every way in before the job is sent; none lands in the registry
    for (const headers of <Record<string, string>[]>[{ 'content-type': 'application/json' }, { 'content-type': 'text/plain' }, { 'content-type': 'application/json', 'x-api-key': h.minerKey, 'x-miner-id': 'm-payee' }]) {
      expect((await postOffer({ ...spoof, node_id: 'm-payee', price: '0.001' }, headers)).status).toBeGreaterThanOrEqual(400);
    }
    const payeeBefore = await chainUnits(PAYEE);
    const res = await backend.run(
      { requestId: `req-payee-${wire}`, model: 'llama3.2:3b', minerId: 'm-payee', messages: [{ role: 'user', content: 'hi' }], ttlSeconds: 60, paymentAmountAit: '2' },
      { signal: new AbortController().signal },
    );
    expect(res.payment?.state).toBe('released');
    const paid = await chainUnits(PAYEE) - payeeBefore;
    expect(paid).toBeGreaterThan(0n);
    expect(await chainUnits(BAD)).toBe(0n);
    const escrow = (await (await fetch(`${h.devnet.url}/rpc/escrow/${res.jobId}`)).json()) as { provider: string; state: string };
    expect(escrow).toMatchObject({ provider: PAYEE, state: 'released' });
  });

  it('an offer from a miner with no registered wallet names no payee: nothing is paid to anyone it claims', async () => {
    miner('m-anon', '0.5', null);
    await expect.poll(async () => (await offers()).some((o) => o.node_id === 'm-anon'), { timeout: 5_000 }).toBe(true);
    expect((await offers()).find((o) => o.node_id === 'm-anon')?.provider_address).toBeNull();
    expect((await postOffer({ ...spoof, provider_address: BAD }, { 'content-type': 'application/json', 'x-api-key': h.minerKey, 'x-miner-id': 'm-anon' })).status).toBe(403);
  });
});
