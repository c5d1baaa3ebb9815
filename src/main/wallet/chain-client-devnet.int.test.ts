import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { pythonJsonDumps } from '../../shared/domain/canonical-json';
import { DEVNET_CHAIN_ID, FEE_COLLECTOR_ADDRESS } from '../devnet/devnet-chain';
import { startDevnet, type Devnet } from '../devnet/devnet-server';
import { ChainError, createChainClient, signTransfer, type TransferTx } from './chain-client';

// The wallet's chain client against the real embedded devnet over HTTP (aitbc.md §9.1–9.2).
let dir: string;
let devnet: Devnet;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-chain-'));
  devnet = await startDevnet({ dataDir: dir, port: 0, rateLimits: false, wire: 'c27c654' }); // 3,600 units per AIT
});
afterAll(async () => {
  await devnet.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const funded = (ait: string) => {
  const a = privateKeyToAccount(generatePrivateKey());
  devnet.ledger.credit(a.address, ait, 'test_fund');
  return a;
};
const post = (body: string) => fetch(`${devnet.url}/rpc/transaction`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
const snapshot = () => devnet.db.prepare('SELECT (SELECT COUNT(*) FROM ledger) AS entries, (SELECT group_concat(address || nonce) FROM chain_nonces) AS nonces').get();

describe('wallet chain client ↔ devnet chain RPC', () => {
  it('account: integer compute-seconds, nonce and chain id; /rpc/balance gives the same numbers', async () => {
    const me = funded('10');
    const chain = createChainClient(devnet.url);
    expect(await chain.account(me.address)).toEqual({ address: me.address.toLowerCase(), balance: 36_000n, nonce: 0, chainId: DEVNET_CHAIN_ID });
    const b = (await (await fetch(`${devnet.url}/rpc/balance/${me.address}`)).json()) as Record<string, unknown>;
    expect(b).toMatchObject({ balance: 36_000, balance_ait: '10', nonce: 0, chain_id: DEVNET_CHAIN_ID });
  });

  it('send → the sender pays amount + fee, the recipient receives, the nonce advances', async () => {
    const me = funded('10');
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const chain = createChainClient(devnet.url);
    const feeBefore = (await chain.account(FEE_COLLECTOR_ADDRESS)).balance;
    const r = await chain.transfer(me, to, 3600n);
    expect(r.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await chain.account(me.address)).toMatchObject({ balance: 36_000n - 3600n - 36n, nonce: 1 });
    expect((await chain.account(to)).balance).toBe(3600n);
    expect(devnet.ledger.balance(to)).toBe('1');
    expect((await chain.account(FEE_COLLECTOR_ADDRESS)).balance - feeBefore).toBe(36n);
    await chain.transfer(me, to, 7200n); // the next nonce is read from the chain and accepted
    expect(await chain.account(me.address)).toMatchObject({ balance: 36_000n - 3636n - 7236n, nonce: 2 });
  });

  it('bad signature, wrong nonce, insufficient funds, wrong chain → 400 "Failed to submit transaction: …", nothing changed', async () => {
    const me = funded('1'); // 3600 cs
    const other = privateKeyToAccount(generatePrivateKey());
    const to = other.address;
    const tx = (over: Partial<TransferTx> = {}): TransferTx => ({ from: me.address, to, amount: 100n, fee: 36n, nonce: 0, type: 'TRANSFER', payload: { to, amount: 100n }, chain_id: DEVNET_CHAIN_ID, ...over });
    const before = snapshot();

    const forged = await signTransfer(other, tx()); // signed by someone else, claims to be from `me`
    const tampered = JSON.parse((await signTransfer(me, tx())).body) as Record<string, unknown>;
    tampered.amount = 200; // signature no longer covers the body
    const cases: [string, RegExp][] = [
      [forged.body, /invalid signature/],
      [pythonJsonDumps(tampered as never), /invalid signature/],
      [(await signTransfer(me, tx({ nonce: 5 }))).body, /invalid nonce 5, expected 0/],
      [(await signTransfer(me, tx({ amount: 3600n, payload: { to, amount: 3600n } }))).body, /insufficient balance: 3600 units, needs 3636/],
      [(await signTransfer(me, tx({ chain_id: 'ait-mainnet' }))).body, /wrong chain id/],
      [(await signTransfer(me, tx({ fee: 1n }))).body, /below the minimum/],
    ];
    for (const [body, why] of cases) {
      const res = await post(body);
      expect(res.status).toBe(400);
      const j = (await res.json()) as { detail: string };
      expect(j.detail).toMatch(/^Failed to submit transaction: /);
      expect(j.detail).toMatch(why);
    }
    expect(snapshot()).toEqual(before);
    expect(devnet.ledger.balance(me.address)).toBe('1');

    // The client turns the refusal into a ChainError with the chain's words.
    const stranger = privateKeyToAccount(generatePrivateKey());
    devnet.ledger.credit(stranger.address, '1', 'test_fund');
    const err = await createChainClient(devnet.url).transfer(stranger, to, 3600n).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChainError);
    expect((err as ChainError).message).toMatch(/Balance too low/);
  });

  it('a replayed transaction is refused (the nonce was used)', async () => {
    const me = funded('5');
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const { body } = await signTransfer(me, { from: me.address, to, amount: 360n, fee: 36n, nonce: 0, type: 'TRANSFER', payload: { to, amount: 360n }, chain_id: DEVNET_CHAIN_ID });
    expect((await post(body)).status).toBe(200);
    const again = await post(body);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { detail: string }).detail).toMatch(/invalid nonce 0, expected 1/);
    expect((await createChainClient(devnet.url).account(to)).balance).toBe(360n);
  });
});
