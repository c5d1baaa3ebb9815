import { randomBytes, randomUUID } from 'node:crypto';
import { verifyMessage } from 'viem';
import { z } from 'zod';
import { isJsonObject, parseJsonLossless, type JsonObject, type JsonValue } from '../../shared/domain/canonical-json';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import type { DevnetConfig } from './devnet-config';
import type { DevnetDb } from './devnet-db';
import type { JobService } from './devnet-jobs';
import { minerCaps, type MinerRow } from './devnet-matching';
import { detail, envelope, parseJsonBody, parseWith } from './http-util';
import { signJwt } from './jwt';
import { devnetOfferRoutes } from './devnet-offers';
import type { Ledger } from './ledger';
import { DEVNET_CHAIN_ID } from './devnet-chain';
import { DEVNET_NODE_WALLET, UNITS_PER_AIT, type DevnetWire } from './devnet-wire';

export interface Caller { role: 'client' | 'miner' | 'none'; userId?: string; address?: string; minerId?: string }
export interface Req { method: string; path: string; params: string[]; query: URLSearchParams; body: string; caller: Caller; requestId: string | null; contentType?: string | null }
export type Route = { method: string; re: RegExp; level: 'NONE' | 'CLIENT' | 'MINER' | 'ANY'; limit: number; handle: (r: Req) => Reply | Promise<Reply> };
export type Reply = JsonValue | { status: number; body: JsonValue | null };

const ADDRESS = /^0x[a-fA-F0-9]{40}$/;
const money = z.union([z.string(), z.number()]);
const jobCreate = z.object({
  payload: z.record(z.string(), z.unknown()),
  constraints: z.record(z.string(), z.unknown()).nullish(),
  ttl_seconds: z.number().int().default(900),
  payment_amount: money.nullish(),
  payment_currency: z.string().default('AITBC'),
  buyer_address: z.string().nullish(),
  provider_address: z.string().nullish(),
  offer_id: z.string().nullish(),
  offer_quantity: money.nullish(),
  buyer_lock_signature: z.string().nullish(),
  buyer_lock_nonce: z.number().int().nullish(),
  buyer_lock_fee: z.number().int().nullish(),
});
/** `JobPaymentCreate` (payments schema, id 57914994909). */
const paymentCreate = z.object({
  job_id: z.string(), amount: money, currency: z.string().default('AITBC'), payment_method: z.string().default('aitbc_token'),
  escrow_timeout_seconds: z.number().int().min(300).max(86400).default(3600), buyer_address: z.string().nullish(), provider_address: z.string().nullish(),
  buyer_lock_signature: z.string().nullish(), buyer_lock_nonce: z.number().int().nullish(), buyer_lock_fee: z.number().int().nullish(), offer_id: z.string().nullish(), offer_quantity: money.nullish(),
});
const minerRegister = z.object({ capabilities: z.record(z.string(), z.unknown()), concurrency: z.number().int().min(1).max(64).default(1), region: z.string().nullish(), wallet_address: z.string().nullish() });
const heartbeat = z.object({ inflight: z.number().int().default(0), status: z.string().default('ONLINE'), metadata: z.record(z.string(), z.unknown()).default({}) });
const resultSubmit = z.object({ result: z.record(z.string(), z.unknown()), metrics: z.record(z.string(), z.unknown()).default({}) });
const failSubmit = z.object({ error_code: z.string(), error_message: z.string(), metrics: z.record(z.string(), z.unknown()).default({}) });
const faucet = z.object({ address: z.string().regex(ADDRESS, 'Invalid wallet address'), amount: money.optional() });

/** Lossless body (Python int/float kept) validated with a zod schema on its plain form. */
function losslessBody<S extends z.ZodType>(r: Req, schema: S): { plain: z.output<S>; raw: JsonObject } {
  const plain = parseWith(schema, parseJsonBody(r.body, r.requestId), r.requestId);
  const raw = parseJsonLossless(r.body);
  return { plain, raw: raw.ok && isJsonObject(raw.value) ? raw.value : {} };
}

export interface DevnetRouteOptions {
  faucetMaxAit: string;
  minerTimeoutMs: number;
  wire: DevnetWire;
  /** The devnet's clock (tests move it to reap miners and expire windows). */
  now: () => number;
}

export function devnetRoutes(db: DevnetDb, cfg: DevnetConfig, jobs: JobService, ledger: Ledger, opts: DevnetRouteOptions): Route[] {
  const nonces = new Map<string, { nonce: string; expiresAt: number }>();
  const getMiner = db.prepare<[string], MinerRow>('SELECT * FROM miners WHERE miner_id = ?');
  const body = <S extends z.ZodType>(r: Req, s: S) => parseWith(s, parseJsonBody(r.body, r.requestId), r.requestId);
  const client = (r: Req) => ({ id: r.caller.userId as string, address: r.caller.address as string });
  const registered = (r: Req): MinerRow => {
    const m = getMiner.get(r.caller.minerId as string);
    if (!m) throw detail(404, 'miner not registered');
    return m;
  };

  return [
    {
      // Coordinator and chain node share the devnet's /health: the node wallet (`proposer_id`, what the CLI's
      // _get_node_wallet reads), the chain id and the unit scale a client must sign amounts in (strings: the
      // coordinator's HealthResponse is a dict[str, str]).
      method: 'GET', re: /^\/health$/, level: 'NONE', limit: 1000,
      handle: () => ({ status: 'ok', env: 'devnet', python_version: 'n/a (ClawGrid devnet)', proposer_id: DEVNET_NODE_WALLET, chain_id: DEVNET_CHAIN_ID, units_per_ait: String(UNITS_PER_AIT[opts.wire]), wire: opts.wire }),
    },
    {
      method: 'POST', re: /^\/v1\/auth\/nonce$/, level: 'NONE', limit: 20,
      handle(r) {
        const b = body(r, z.object({ wallet_address: z.string() }));
        if (!ADDRESS.test(b.wallet_address)) throw detail(400, 'Invalid wallet address');
        const nonce = randomBytes(16).toString('base64url');
        const expiresAt = Math.floor(Date.now() / 1000) + 300;
        nonces.set(b.wallet_address.toLowerCase(), { nonce, expiresAt });
        return { wallet_address: b.wallet_address, nonce, expires_at: expiresAt };
      },
    },
    {
      method: 'POST', re: /^\/v1\/login$/, level: 'NONE', limit: 20,
      async handle(r: Req) {
        const b = body(r, z.object({ wallet_address: z.string(), nonce: z.string(), signature: z.string() }));
        if (!ADDRESS.test(b.wallet_address)) throw detail(400, 'Invalid wallet address');
        const addr = b.wallet_address.toLowerCase();
        const stored = nonces.get(addr);
        nonces.delete(addr); // consumed before the signature is checked, like the coordinator
        if (!stored || stored.nonce !== b.nonce || stored.expiresAt < Date.now() / 1000) throw detail(401, 'Invalid or expired nonce');
        const sig = (b.signature.startsWith('0x') ? b.signature : `0x${b.signature}`) as `0x${string}`;
        const message = `Sign this message to log in to AITBC.\nWallet: ${addr}\nNonce: ${b.nonce}`;
        const ok = /^0x[0-9a-fA-F]{130}$/.test(sig) && (await verifyMessage({ address: addr as `0x${string}`, message, signature: sig }).catch(() => false));
        if (!ok) throw detail(401, 'Invalid wallet signature');
        let user = db.prepare<[string], { user_id: string; username: string; created_at: string }>('SELECT * FROM users WHERE address = ?').get(addr);
        if (!user) {
          user = { user_id: randomUUID(), username: `user_${addr.slice(-8)}_${randomBytes(4).toString('hex')}`, created_at: new Date().toISOString().replace('Z', '') };
          db.prepare('INSERT INTO users (user_id, address, username, created_at) VALUES (?, ?, ?, ?)').run(user.user_id, addr, user.username, user.created_at);
        }
        const now = Math.floor(Date.now() / 1000);
        const token = signJwt({ sub: user.user_id, user_id: user.user_id, role: 'client', type: 'access', session_id: randomUUID(), iat: now, exp: now + 24 * 3600 }, cfg.JWT_SECRET);
        return { user_id: user.user_id, email: `${addr}@aitbc.local`, username: user.username, created_at: user.created_at, session_token: token };
      },
    },
    {
      method: 'GET', re: /^\/v1\/users\/([^/]+)\/balance$/, level: 'ANY', limit: 100,
      handle(r) {
        const u = db.prepare<[string], { user_id: string; address: string }>('SELECT user_id, address FROM users WHERE user_id = ?').get(r.params[0] as string);
        if (!u || (r.caller.role === 'client' && u.user_id !== r.caller.userId)) throw detail(404, 'User not found');
        return { user_id: u.user_id, address: u.address, balance: formatAmount(parseAmount(ledger.balance(u.address)), 8), updated_at: new Date().toISOString() };
      },
    },
    {
      method: 'POST', re: /^\/v1\/jobs$/, level: 'CLIENT', limit: 50,
      async handle(r) {
        const { plain, raw } = losslessBody(r, jobCreate);
        const c = client(r);
        for (const [k, v] of [['buyer_address', plain.buyer_address], ['provider_address', plain.provider_address]] as const) {
          if (v != null && !ADDRESS.test(v) && !v.startsWith('miner:')) throw detail(400, `Invalid ${k}`);
        }
        const payload = isJsonObject(raw.payload) ? raw.payload : {};
        const constraints = isJsonObject(raw.constraints) ? raw.constraints : {};
        const v025 = opts.wire === 'v025' ? { offer_id: plain.offer_id, offer_quantity: plain.offer_quantity == null ? null : String(plain.offer_quantity), buyer_lock_signature: plain.buyer_lock_signature, buyer_lock_nonce: plain.buyer_lock_nonce, buyer_lock_fee: plain.buyer_lock_fee } : {};
        const view = await jobs.create(c.id, c.address, { payload, constraints, ttl_seconds: plain.ttl_seconds, payment_amount: plain.payment_amount ?? null, payment_currency: plain.payment_currency, buyer_address: plain.buyer_address ?? null, provider_address: plain.provider_address ?? null, ...v025 });
        return { status: 201, body: view };
      },
    },
    {
      method: 'GET', re: /^\/v1\/jobs$/, level: 'CLIENT', limit: 200,
      handle(r) {
        const limit = Number(r.query.get('limit') ?? '20');
        const offset = Number(r.query.get('offset') ?? '0');
        if (!Number.isInteger(limit) || !Number.isInteger(offset)) throw envelope(422, 'VALIDATION_ERROR', 'Request validation failed', r.requestId, [{ field: 'query.limit', message: 'Input should be a valid integer', code: 'int_parsing' }]);
        const items = jobs.list(client(r).id, { limit: Math.max(0, limit), offset: Math.max(0, offset), status: r.query.get('status'), jobType: r.query.get('job_type') });
        return { items, total: items.length, limit, offset };
      },
    },
    { method: 'GET', re: /^\/v1\/jobs\/([^/]+)$/, level: 'CLIENT', limit: 200, handle: (r) => jobs.get(client(r).id, r.params[0] as string) },
    { method: 'GET', re: /^\/v1\/jobs\/([^/]+)\/result$/, level: 'CLIENT', limit: 200, handle: (r) => jobs.result(client(r).id, r.params[0] as string) },
    { method: 'POST', re: /^\/v1\/jobs\/([^/]+)\/cancel$/, level: 'CLIENT', limit: 50, handle: (r) => jobs.cancel(client(r).id, r.params[0] as string) },
    {
      method: 'GET', re: /^\/v1\/jobs\/([^/]+)\/receipt$/, level: 'CLIENT', limit: 200,
      handle(r) {
        const all = jobs.receipts(client(r).id, r.params[0] as string);
        if (!all.length) throw detail(404, 'receipt not available');
        return all[all.length - 1] as JsonValue;
      },
    },
    { method: 'GET', re: /^\/v1\/jobs\/([^/]+)\/receipts$/, level: 'CLIENT', limit: 200, handle: (r) => ({ items: jobs.receipts(client(r).id, r.params[0] as string) }) },
    { method: 'GET', re: /^\/v1\/jobs\/([^/]+)\/payment$/, level: 'CLIENT', limit: 200, handle: (r) => jobs.payment(client(r).id, r.params[0] as string) },
    ...(opts.wire === 'v025' ? v025ClientRoutes(jobs, body, client) : []),
    {
      method: 'POST', re: /^\/v1\/miners\/register$/, level: 'MINER', limit: 50,
      handle(r) {
        const { plain, raw } = losslessBody(r, minerRegister);
        // G2 (services/miners.py @aeaae85b07d7): the payout wallet is folded into capabilities.wallet_address
        const caps = isJsonObject(raw.capabilities) ? { ...raw.capabilities, ...(opts.wire === 'v025' && plain.wallet_address ? { wallet_address: plain.wallet_address } : {}) } : {};
        db.prepare(`INSERT INTO miners (miner_id, capabilities, region, concurrency, status, inflight, last_heartbeat, registered_at) VALUES (?, ?, ?, ?, 'ONLINE', 0, ?, ?)
          ON CONFLICT(miner_id) DO UPDATE SET capabilities = excluded.capabilities, region = excluded.region, concurrency = excluded.concurrency, status = 'ONLINE', last_heartbeat = excluded.last_heartbeat`)
          .run(r.caller.minerId as string, JSON.stringify(caps, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)), plain.region ?? null, plain.concurrency, opts.now(), new Date().toISOString());
        return { status: 'ok', session_token: randomBytes(16).toString('hex') };
      },
    },
    {
      method: 'POST', re: /^\/v1\/miners\/heartbeat$/, level: 'MINER', limit: 100,
      handle(r) {
        const b = body(r, heartbeat.nullish()) ?? heartbeat.parse({});
        registered(r);
        // devnet fix: inflight is the true count of RUNNING jobs, not what the miner claims
        db.prepare('UPDATE miners SET status = ?, last_heartbeat = ?, inflight = ? WHERE miner_id = ?').run(b.status.toUpperCase() === 'OFFLINE' ? 'OFFLINE' : 'ONLINE', opts.now(), jobs.inflight(r.caller.minerId as string), r.caller.minerId as string);
        return { status: 'ok' };
      },
    },
    {
      method: 'POST', re: /^\/v1\/miners\/poll$/, level: 'MINER', limit: 100,
      handle(r) {
        body(r, z.object({ max_wait_seconds: z.number().int().optional() }).nullish());
        const m = registered(r);
        db.prepare("UPDATE miners SET last_heartbeat = ?, status = 'ONLINE' WHERE miner_id = ?").run(opts.now(), m.miner_id);
        if (jobs.inflight(m.miner_id) >= m.concurrency) return { status: 204, body: null };
        const job = jobs.claim({ ...m, status: 'ONLINE' });
        return job ? job : { status: 204, body: null };
      },
    },
    {
      method: 'POST', re: /^\/v1\/miners\/([^/]+)\/result$/, level: 'MINER', limit: 50,
      handle(r) {
        const { raw } = losslessBody(r, resultSubmit);
        registered(r);
        return jobs.complete(r.caller.minerId as string, r.params[0] as string, isJsonObject(raw.result) ? raw.result : {}, isJsonObject(raw.metrics) ? raw.metrics : {});
      },
    },
    {
      method: 'POST', re: /^\/v1\/miners\/([^/]+)\/fail$/, level: 'MINER', limit: 50,
      handle(r) {
        const b = body(r, failSubmit);
        registered(r);
        return jobs.fail(r.caller.minerId as string, r.params[0] as string, b.error_message);
      },
    },
    {
      method: 'GET', re: /^\/v1\/marketplace\/gpu\/list$/, level: 'NONE', limit: 200,
      handle() {
        const cutoff = opts.now() - opts.minerTimeoutMs;
        return db.prepare<[], MinerRow>('SELECT * FROM miners ORDER BY registered_at').all().map((m) => {
          const caps = minerCaps(m);
          const gpu = Array.isArray(caps.gpus) && isJsonObject(caps.gpus[0]) ? caps.gpus[0] : {};
          const online = m.status === 'ONLINE' && m.last_heartbeat >= cutoff;
          return {
            id: m.miner_id, miner_id: m.miner_id, model: typeof gpu.name === 'string' ? gpu.name : 'CPU', memory_gb: typeof gpu.memory_mb === 'number' ? Math.round(gpu.memory_mb / 1024) : 0,
            cuda_version: typeof caps.cuda === 'string' ? caps.cuda : null, region: m.region, price_per_hour: caps.price ?? null, status: online ? 'available' : 'offline',
            capabilities: caps, created_at: m.registered_at, average_rating: 0, total_reviews: 0,
          };
        });
      },
    },
    ...devnetOfferRoutes(db),
    {
      method: 'POST', re: /^\/rpc\/faucet$/, level: 'NONE', limit: 30,
      handle(r) {
        const b = body(r, faucet);
        const amount = formatAmount(parseAmount(b.amount ?? opts.faucetMaxAit));
        if (parseAmount(amount) <= 0n || parseAmount(amount) > parseAmount(opts.faucetMaxAit)) throw detail(400, `Faucet amount must be between 0 and ${opts.faucetMaxAit}`);
        ledger.credit(b.address, amount, 'faucet');
        return { success: true, address: b.address.toLowerCase(), amount, balance: ledger.balance(b.address) };
      },
    },
  ];
}

/** v0.25 client routes (client.py @e39b53f41d39): the two-step lock, and the acceptance window's accept / reject. */
function v025ClientRoutes(jobs: JobService, body: <S extends z.ZodType>(r: Req, s: S) => z.output<S>, client: (r: Req) => { id: string }): Route[] {
  return [
    {
      // POST /v1/payments is CLIENT-allowed since 870c109e9 (it used to be DENY)
      method: 'POST', re: /^\/v1\/payments$/, level: 'CLIENT', limit: 50,
      async handle(r) {
        const b = body(r, paymentCreate);
        if (!b.buyer_lock_signature) throw detail(400, 'buyer_lock_signature is required: the hub does not sign the buyer\'s half of the escrow');
        const view = await jobs.lockPayment(client(r).id, { jobId: b.job_id, amount: b.amount, buyer: b.buyer_address ?? null, provider: b.provider_address ?? null, signature: b.buyer_lock_signature, nonce: b.buyer_lock_nonce ?? null, fee: b.buyer_lock_fee ?? null });
        return { status: 201, body: view };
      },
    },
    { method: 'POST', re: /^\/v1\/jobs\/([^/]+)\/accept$/, level: 'CLIENT', limit: 50, handle: (r) => jobs.accept(client(r).id, r.params[0] as string) },
    {
      method: 'POST', re: /^\/v1\/jobs\/([^/]+)\/reject$/, level: 'CLIENT', limit: 50,
      handle: (r) => jobs.reject(client(r).id, r.params[0] as string, body(r, z.object({ reason: z.string().min(1).max(2000) })).reason),
    },
  ];
}
