import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keccak256, recoverAddress, toBytes, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ChainError, createChainClient, transferSigningText } from './chain-client';

const PK = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const me = privateKeyToAccount(PK);
const TO = '0x70997970C51812dc3A04C8b3cA5E1f3E07BD0CA8';

/** A minimal chain (aitbc.md §9.1–9.2): accounts, nonce check, balance check, signature check with viem. */
function chainServer() {
  const accounts = new Map<string, { balance: number; nonce: number }>([[me.address.toLowerCase(), { balance: 36_000, nonce: 4 }]]);
  const seen: unknown[] = [];
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const m = /^\/rpc\/account\/(0x[0-9a-fA-F]{40})$/.exec(req.url ?? '');
    if (req.method === 'GET' && m) {
      const a = accounts.get(m[1]!.toLowerCase());
      return a ? send(200, { address: m[1], balance: a.balance, nonce: a.nonce, chain_id: 'ait-devnet' }) : send(404, { detail: 'Account not found' });
    }
    if (req.method === 'POST' && req.url === '/rpc/transaction') {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        void (async () => {
          const tx = JSON.parse(text) as Record<string, unknown> & { payload: Record<string, unknown>; signature: Hex; from: string; amount: number; fee: number; nonce: number };
          seen.push(tx);
          const payload = { amount: tx.payload.amount ?? tx.amount, to: tx.payload.to ?? tx.to };
          const signed = { amount: tx.amount, chain_id: tx.chain_id, fee: tx.fee, from: tx.from, nonce: tx.nonce, payload, to: tx.to, type: tx.type };
          // Python json.dumps(sort_keys=True, separators=(",",":")) of ASCII data = sorted-key JSON.stringify
          const sorted = JSON.stringify(signed, (_k, v: unknown) =>
            v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
          );
          const who = await recoverAddress({ hash: keccak256(toBytes(sorted)), signature: tx.signature }).catch(() => null);
          const acct = accounts.get(tx.from.toLowerCase());
          if (!who || who.toLowerCase() !== tx.from.toLowerCase()) return send(400, { detail: 'Failed to submit transaction: invalid signature' });
          if (!acct || acct.nonce !== tx.nonce) return send(400, { detail: 'Failed to submit transaction: bad nonce' });
          if (acct.balance < tx.amount + tx.fee) return send(400, { detail: 'Failed to submit transaction: insufficient balance' });
          acct.balance -= tx.amount + tx.fee;
          acct.nonce++;
          send(200, { success: true, transaction_hash: '0x' + 'ab'.repeat(32), message: 'ok' });
        })();
      });
      return;
    }
    send(404, { detail: 'Not Found' });
  });
  return { server, accounts, seen };
}

let chain: ReturnType<typeof chainServer>;
let url: string;
beforeEach(async () => {
  chain = chainServer();
  await new Promise<void>((r) => chain.server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(chain.server.address() as AddressInfo).port}`;
});
afterEach(() => new Promise<void>((r) => chain.server.close(() => r())));

describe('chain client', () => {
  it('reads balance and nonce in compute-seconds', async () => {
    expect(await createChainClient(url).account(me.address)).toEqual({ address: me.address, balance: 36_000n, nonce: 4, chainId: 'ait-devnet' });
  });

  it('signs a transfer the chain accepts: keccak256 of the canonical JSON, raw signature, payload with to+amount', async () => {
    const r = await createChainClient(url).transfer(me, TO, 3600n);
    expect(r.txHash).toBe('0x' + 'ab'.repeat(32));
    expect(chain.accounts.get(me.address.toLowerCase())).toEqual({ balance: 36_000 - 3600 - 36, nonce: 5 });
    expect(chain.seen[0]).toMatchObject({ from: me.address, to: TO, amount: 3600, fee: 36, nonce: 4, type: 'TRANSFER', payload: { to: TO, amount: 3600 }, chain_id: 'ait-devnet' });
  });

  it('signing text matches Python json.dumps(sort_keys=True, compact)', () => {
    const text = transferSigningText({ from: '0xA', to: '0xB', amount: 1n, fee: 36n, nonce: 0, type: 'TRANSFER', payload: { to: '0xB', amount: 1n }, chain_id: 'c' });
    expect(text).toBe('{"amount":1,"chain_id":"c","fee":36,"from":"0xA","nonce":0,"payload":{"amount":1,"to":"0xB"},"to":"0xB","type":"TRANSFER"}');
  });

  it('a transfer above the balance is refused before signing; chain errors carry the detail', async () => {
    await expect(createChainClient(url).transfer(me, TO, 36_000n)).rejects.toThrow(/Balance too low/);
    await expect(createChainClient(url).account(TO)).rejects.toThrow(/refused \(404\): Account not found/);
    await expect(createChainClient('http://127.0.0.1:1').account(TO)).rejects.toBeInstanceOf(ChainError);
  });
});
