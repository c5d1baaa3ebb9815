import { keccak256, toBytes } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

/**
 * Another client on the network, written from AITBC's client wire alone (aitbc.md §2–§4, aitbc-v0.25.md §1): plain
 * fetch, a wallet login (nonce → EIP-191 signature → JWT), `POST /v1/jobs` bound to an offer, the buyer-signed
 * ESCROW_LOCK (`POST /v1/payments`), polling, the receipt, accept. It uses none of ClawGrid's client code, so a test
 * that serves it proves ClawGrid's miner speaks the wire, not just ClawGrid's own dialect.
 */
export interface PlainClient {
  address: string;
  get<T = Record<string, unknown>>(path: string): Promise<T>;
  post<T = Record<string, unknown>>(path: string, body: unknown): Promise<T>;
  submit(body: Record<string, unknown>): Promise<{ job_id: string; payment_status: string | null; payment_amount?: string; provider_address?: string }>;
  /** Signs and posts the ESCROW_LOCK for a job whose terms the coordinator quoted. */
  lock(jobId: string): Promise<Record<string, unknown>>;
  waitFor(jobId: string, states: string[], timeoutMs?: number): Promise<Record<string, unknown>>;
}

export async function plainClient(baseUrl: string): Promise<PlainClient> {
  const account = privateKeyToAccount(generatePrivateKey());
  const address = account.address.toLowerCase();
  const req = async <T>(method: string, path: string, body?: unknown, token?: string): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  await req('POST', '/rpc/faucet', { address, amount: '50' });
  const { nonce } = await req<{ nonce: string }>('POST', '/v1/auth/nonce', { wallet_address: address });
  const signature = await account.signMessage({ message: `Sign this message to log in to AITBC.\nWallet: ${address}\nNonce: ${nonce}` });
  const { session_token: token } = await req<{ session_token: string }>('POST', '/v1/login', { wallet_address: address, nonce, signature });
  const health = await req<{ proposer_id: string; chain_id: string; units_per_ait: string }>('GET', '/health');

  const c: PlainClient = {
    address,
    get: (path) => req('GET', path, undefined, token),
    post: (path, body) => req('POST', path, body, token),
    submit: (body) => req('POST', '/v1/jobs', body, token),
    async lock(jobId) {
      const job = await c.get<{ payment_amount: string; provider_address: string }>(`/v1/jobs/${jobId}`);
      const [whole, frac = ''] = job.payment_amount.split('.');
      const units = (BigInt(whole!) * BigInt(health.units_per_ait) * 10n ** 18n + BigInt((frac + '0'.repeat(18)).slice(0, 18)) * BigInt(health.units_per_ait)) / 10n ** 18n;
      const fee = units / 100n > 36n ? units / 100n : 36n;
      const { nonce: chainNonce } = await req<{ nonce: number }>('GET', `/rpc/account/${address}`);
      const provider = job.provider_address.toLowerCase();
      // ESCROW_LOCK signed over its sorted, compact JSON (keccak256, raw secp256k1), as the AITBC CLI does.
      const json = `{"amount":${units},"chain_id":${JSON.stringify(health.chain_id)},"fee":${fee},"from":"${address}","nonce":${chainNonce},"payload":{"action":"escrow_lock","job_id":"${jobId}","provider":"${provider}"},"to":"${health.proposer_id}","type":"ESCROW_LOCK"}`;
      const sig = await account.sign({ hash: keccak256(toBytes(json)) });
      return c.post('/v1/payments', { job_id: jobId, amount: job.payment_amount, buyer_address: address, provider_address: provider, buyer_lock_signature: sig, buyer_lock_nonce: chainNonce, buyer_lock_fee: Number(fee) });
    },
    async waitFor(jobId, states, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const j = await c.get(`/v1/jobs/${jobId}`);
        if (states.includes(String(j.state))) return j;
        if (Date.now() > until) throw new Error(`job ${jobId} is ${String(j.state)}, not ${states.join('|')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
  return c;
}
