import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pythonJsonDumps, type JsonValue } from '../../shared/domain/canonical-json';
import { publicKeyFromSeed } from './receipt-signer';
import { loadDevnetConfig, type DevnetConfig } from './devnet-config';
import { openDevnetDb, type DevnetDb } from './devnet-db';
import { createJobService, type JobService } from './devnet-jobs';
import { createDevnetZk, type DevnetZkOptions } from './devnet-zk';
import { chainAccounts, devnetChainRoutes } from './devnet-chain';
import { createV025Payments } from './devnet-payments';
import { HEARTBEAT_CUTOFF_MS, UNITS_PER_AIT, type DevnetWire } from './devnet-wire';
import { devnetRoutes, type Caller, type Req, type Route } from './devnet-routes';
import { devnetMinerEarningsRoutes } from './devnet-miner-earnings';
import { createRateLimiter, detail, envelope, HttpReply, readBody, refuseForeign } from './http-util';
import { verifyJwt } from './jwt';
import { createLedger, type Ledger } from './ledger';

/**
 * The embedded devnet coordinator: the AITBC coordinator's wire subset (§1–§5, §10) on node:http, with its
 * known bugs fixed — only the assigned miner may post a RUNNING job's result; silent miners go OFFLINE and
 * their jobs are re-queued; failures (also `result.status:"failed"`) end FAILED; cancel/expiry/failure refund
 * the escrow; the buyer is debited at submit; `inflight` is the true count; `GET /v1/jobs` is not cached and
 * `total` is still the page length; rate-limit buckets are per caller (wallet / miner id), not per IP.
 * Play money: balances live in <dataDir>/devnet/devnet.sqlite, never in the app database.
 */
export interface DevnetOptions {
  dataDir: string;
  port?: number;
  host?: string;
  env?: Record<string, string | undefined>;
  /** The wire it speaks (default `v025`, the live hub; `c27c654` for compatibility tests): see devnet-wire.ts. */
  wire?: DevnetWire;
  /**
   * A miner without heartbeat/poll for this long is OFFLINE and its RUNNING jobs re-queued (default: 300 s on
   * v0.25, `COORDINATOR_MINER_HEARTBEAT_CUTOFF_SECONDS` in services/stale_miner_reaper.py; 45 s on c27c654).
   */
  minerTimeoutMs?: number;
  /** v0.25 acceptance window when the job names none (default 3600 s, acceptance.py; 0 = release at once). */
  acceptanceWindowS?: number;
  /** The devnet's clock for heartbeats and reaping (tests); default Date.now. */
  now?: () => number;
  sweepMs?: number;
  /** AITBC's per-route limits (default on); `false` for benchmarks; a number scales every limit. */
  rateLimits?: boolean | number;
  faucetMaxAit?: string;
  /** Receipt proofs (§8.4): the Groth16 worker and threshold; `false` = no circuit (`service_unavailable`). */
  zk?: DevnetZkOptions;
}

export interface Devnet {
  readonly url: string;
  readonly port: number;
  readonly config: DevnetConfig;
  readonly wire: DevnetWire;
  /** Chain units per AIT on this wire (36,000,000 on v0.25, 3,600 at c27c654). */
  readonly unitsPerAit: bigint;
  /** Raw Ed25519 public key of the receipt signer (pin it to verify devnet receipts). */
  readonly receiptPublicKey: Uint8Array;
  readonly db: DevnetDb;
  readonly ledger: Ledger;
  readonly jobs: JobService;
  /** Runs the offline/expiry sweep now (tests). */
  sweep(now?: number): void;
  close(): Promise<void>;
}

const ROLE_OF_LEVEL = { CLIENT: 'client', MINER: 'miner' } as const;

export async function startDevnet(o: DevnetOptions): Promise<Devnet> {
  const config = loadDevnetConfig(o.dataDir, o.env ?? {});
  const db = openDevnetDb(o.dataDir);
  const ledger = createLedger(db);
  const zk = createDevnetZk(o.zk ?? {}, o.env ?? {});
  const wire = o.wire ?? 'v025';
  const chain = chainAccounts(db, ledger, UNITS_PER_AIT[wire]);
  const payments = wire === 'v025' ? createV025Payments(db, ledger, chain, o.acceptanceWindowS ?? 3600) : null;
  const jobs = createJobService(db, ledger, config.RECEIPT_SIGNING_KEY_HEX, zk, payments);
  const minerTimeoutMs = o.minerTimeoutMs ?? (wire === 'v025' ? HEARTBEAT_CUTOFF_MS : 45_000);
  const now = o.now ?? Date.now;
  const routes: Route[] = [...devnetRoutes(db, config, jobs, ledger, { faucetMaxAit: o.faucetMaxAit ?? '1000', minerTimeoutMs, wire, now }), ...devnetChainRoutes(db, ledger, chain), ...devnetMinerEarningsRoutes(db, jobs)];
  const limiter = createRateLimiter();
  const bindHost = o.host ?? '127.0.0.1';
  const limitScale = o.rateLimits === false ? 0 : typeof o.rateLimits === 'number' ? o.rateLimits : 1;

  function authenticate(req: http.IncomingMessage): Caller | HttpReply {
    const auth = req.headers.authorization;
    if (auth) {
      const m = /^Bearer\s+(.+)$/i.exec(auth);
      const claims = m ? verifyJwt(m[1] as string, config.JWT_SECRET) : null;
      if (!claims || typeof claims.sub !== 'string') return detail(401, 'Invalid token');
      const u = db.prepare<[string], { address: string }>('SELECT address FROM users WHERE user_id = ?').get(claims.sub);
      if (!u) return detail(401, 'Invalid token');
      return { role: claims.role === 'client' ? 'client' : 'none', userId: claims.sub, address: u.address };
    }
    const key = req.headers['x-api-key'];
    if (typeof key === 'string') {
      if (!config.MINER_API_KEYS.includes(key)) return detail(401, 'Invalid API key');
      const id = req.headers['x-miner-id'];
      return { role: 'miner', minerId: typeof id === 'string' && id ? id.slice(0, 128) : key };
    }
    return detail(401, 'Authentication required', { 'WWW-Authenticate': 'Bearer' });
  }

  async function handle(req: http.IncomingMessage): Promise<{ status: number; body: JsonValue | null; headers?: Record<string, string> }> {
    const requestId = typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : null;
    const url = new URL(req.url ?? '/', 'http://devnet');
    try {
      refuseForeign(req, bindHost);
    } catch (e) {
      req.resume();
      throw e;
    }
    const ua = String(req.headers['user-agent'] ?? '').toLowerCase();
    if (['sqlmap', 'nmap', 'nikto', 'burp'].some((x) => ua.includes(x))) throw detail(403, 'Access denied');
    const path = url.pathname;
    const match = routes.map((r) => ({ r, m: r.re.exec(path) })).filter((x) => x.m);
    if (!match.length) {
      req.resume();
      throw detail(403, 'Forbidden'); // unlisted paths are DENY in the security matrix
    }
    const hit = match.find((x) => x.r.method === req.method);
    if (!hit) {
      req.resume();
      throw detail(405, 'Method Not Allowed');
    }
    const route = hit.r;
    let caller: Caller = { role: 'none' };
    if (route.level !== 'NONE') {
      const a = authenticate(req);
      if (a instanceof HttpReply) {
        req.resume();
        throw a;
      }
      caller = a;
      if (route.level !== 'ANY' && caller.role !== ROLE_OF_LEVEL[route.level]) {
        req.resume();
        throw detail(403, 'Forbidden');
      }
    }
    if (limitScale > 0) {
      const who = caller.userId ?? caller.minerId ?? req.socket.remoteAddress ?? '?';
      limiter.take(`${route.method} ${route.re.source} ${who}`, Math.max(1, Math.round(route.limit * limitScale)));
    }
    const body = req.method === 'GET' ? (req.resume(), '') : await readBody(req, requestId);
    const r: Req = { method: req.method ?? 'GET', path, params: (hit.m as RegExpExecArray).slice(1), query: url.searchParams, body, caller, requestId, contentType: req.headers['content-type'] ?? null };
    const out = await route.handle(r);
    if (out && typeof out === 'object' && !Array.isArray(out) && 'status' in out && typeof out.status === 'number' && 'body' in out && Object.keys(out).length === 2) {
      return { status: out.status, body: out.body as JsonValue | null };
    }
    return { status: 200, body: out as JsonValue };
  }

  const server = http.createServer((req, res) => {
    const requestId = typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : null;
    const write = (status: number, body: JsonValue | null, headers: Record<string, string> = {}) => {
      if (res.headersSent) return;
      const text = body === null ? '' : pythonJsonDumps(body, { ensureAscii: false });
      res.writeHead(status, { ...(body === null ? {} : { 'Content-Type': 'application/json' }), 'X-Request-ID': requestId ?? crypto.randomUUID(), ...headers });
      res.end(text);
    };
    handle(req).then(
      (out) => write(out.status, out.body, out.headers),
      (err: unknown) => {
        if (err instanceof HttpReply) return write(err.status, err.body as JsonValue, err.headers);
        const e = envelope(500, 'INTERNAL_SERVER_ERROR', 'Internal server error', requestId);
        write(500, e.body as JsonValue);
      },
    );
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 8203, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const sweep = (at = now()) => {
    const dead = db.prepare<[number], { miner_id: string }>("SELECT miner_id FROM miners WHERE status = 'ONLINE' AND last_heartbeat < ?").all(at - minerTimeoutMs).map((m) => m.miner_id);
    for (const id of dead) db.prepare("UPDATE miners SET status = 'OFFLINE', inflight = 0 WHERE miner_id = ?").run(id);
    const offline = db.prepare<[], { miner_id: string }>("SELECT miner_id FROM miners WHERE status = 'OFFLINE'").all().map((m) => m.miner_id);
    jobs.sweep(at, offline);
  };
  const timer = setInterval(() => sweep(), o.sweepMs ?? 1_000);
  timer.unref();

  let closed: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    config,
    wire,
    unitsPerAit: UNITS_PER_AIT[wire],
    receiptPublicKey: publicKeyFromSeed(config.RECEIPT_SIGNING_KEY_HEX),
    db,
    ledger,
    jobs,
    sweep,
    close() {
      closed ??= new Promise<void>((resolve) => {
        clearInterval(timer);
        server.close(() => {
          // Proofs in flight finish (their results are refused once the database is gone) before the worker stops.
          void zk.close().finally(() => {
            db.close();
            resolve();
          });
        });
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
