import { randomUUID } from 'node:crypto';
import { isJsonObject, parseJsonLossless, pythonJsonDumps, type JsonObject, type JsonValue } from '../../shared/domain/canonical-json';
import { tryParseDecimal } from '../../shared/domain/decimal';
import type { DevnetDb } from './devnet-db';
import { asObject, buildSignedReceipt } from './devnet-receipts';
import { detail } from './http-util';
import { ESCROW_ADDRESS, type Ledger } from './ledger';
import { satisfies, type MinerRow } from './devnet-matching';
import type { DevnetZk } from './devnet-zk';
import type { V025Payments } from './devnet-payments';
import { DEVNET_NODE_WALLET } from './devnet-wire';
import { c27c654Escrow, normalizeConstraints, type CreateJobBody, type EscrowTerms } from './devnet-job-terms';

export interface JobRow {
  job_id: string; client_id: string; state: string; payload: string; constraints: string; requested_at: string; expires_at: string;
  assigned_miner_id: string | null; assigned_at: string | null; error: string | null; result: string | null;
  payment_id: string | null; payment_status: string | null; attempts: number; seq: number;
}
interface PaymentRow { payment_id: string; job_id: string; amount: string; currency: string; status: string; buyer: string; provider: string | null; escrow_address: string; created_at: string; updated_at: string; released_at: string | null; refunded_at: string | null; transaction_hash: string | null; refund_transaction_hash: string | null }

const lossless = (text: string | null): JsonValue => (text === null ? null : ((r) => (r.ok ? r.value : null))(parseJsonLossless(text)));
const dumps = (v: JsonValue) => pythonJsonDumps(v, { ensureAscii: false });
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', ''); // naive UTC, as AITBC on SQLite

/**
 * The devnet's job book: the coordinator's behaviour with its known bugs fixed (see devnet README block in
 * devnet-server.ts). With `v025` payments (the default wire) a priced job follows the v0.25 payment book.
 */
export function createJobService(db: DevnetDb, ledger: Ledger, signingSeedHex: string, zk?: DevnetZk, v025: V025Payments | null = null) {
  let seq = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM jobs').get() as { s: number }).s;
  const getRow = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE job_id = ?');
  const getPayment = db.prepare<[string], PaymentRow>('SELECT * FROM payments WHERE job_id = ?');
  const setPayment = db.prepare('UPDATE payments SET status = ?, updated_at = ?, released_at = COALESCE(?, released_at), refunded_at = COALESCE(?, refunded_at), transaction_hash = COALESCE(?, transaction_hash), refund_transaction_hash = COALESCE(?, refund_transaction_hash) WHERE job_id = ?');
  const setJobPayment = db.prepare('UPDATE jobs SET payment_status = ? WHERE job_id = ?');

  const getZk = db.prepare<[string], { zk_status: string; zk_proof_id: string | null }>('SELECT zk_status, zk_proof_id FROM job_zk WHERE job_id = ?');
  const needV025 = (): V025Payments => {
    if (!v025) throw detail(403, 'Forbidden'); // no such route at c27c654: DENY in the security matrix
    return v025;
  };
  /** Jobs whose result is being proved: a second submission meanwhile is a conflict, as for a completed job. */
  const proving = new Set<string>();

  function view(r: JobRow): JsonObject {
    const z = getZk.get(r.job_id);
    const t = v025?.terms(r.job_id);
    // v0.25 JobView: what the buyer needs to sign the lock (cli/aitbc_cli/commands/ai.py reads these)
    const terms: JsonObject = t ? { payment_amount: t.payment_amount, buyer_address: t.buyer, provider_address: t.provider, offer_id: t.offer_id, node_wallet_address: DEVNET_NODE_WALLET, payment_token: 'AITBC' } : {};
    return {
      ...terms,
      job_id: r.job_id, state: r.state, assigned_miner_id: r.assigned_miner_id, requested_at: r.requested_at, expires_at: r.expires_at,
      error: r.error, payment_id: r.payment_id, payment_status: r.payment_status, zk_status: z?.zk_status ?? 'not_required',
      payload: lossless(r.payload), result: lossless(r.result), zk_proof_id: z?.zk_proof_id ?? null, tee_status: 'not_required', tee_attestation_id: null,
      auto_reinvest_pct: null, reinvest_status: null, reinvest_stake_id: null,
    };
  }

  /** Refund whatever is still escrowed for a job (cancel, expiry, failure). */
  function refund(jobId: string, why: string) {
    if (v025) return v025.refund(jobId, Date.now());
    const p = getPayment.get(jobId);
    if (!p || p.status !== 'escrowed') return;
    const tx = ledger.transfer(ESCROW_ADDRESS, p.buyer, p.amount, 'escrow_refund', jobId);
    const now = new Date().toISOString();
    setPayment.run('refunded', now, null, now, null, tx, jobId);
    setJobPayment.run('refunded', jobId);
    void why;
  }

  const setState = db.prepare('UPDATE jobs SET state = ?, error = ? WHERE job_id = ?');
  function expireIfDue(r: JobRow, now = Date.now()): JobRow {
    if ((r.state === 'QUEUED' || r.state === 'RUNNING') && Date.parse(r.expires_at + 'Z') <= now) {
      db.transaction(() => {
        setState.run('EXPIRED', 'job expired', r.job_id);
        refund(r.job_id, 'expired');
      })();
      return getRow.get(r.job_id) as JobRow;
    }
    return r;
  }

  function owned(clientId: string, jobId: string): JobRow {
    const r = getRow.get(jobId);
    if (!r || r.client_id !== clientId) throw detail(404, 'job not found');
    return expireIfDue(r);
  }

  return {
    view,
    async create(clientId: string, clientAddress: string, body: CreateJobBody): Promise<JsonObject> {
      const now = Date.now();
      const jobId = randomUUID().replace(/-/g, '');
      const constraints = normalizeConstraints(body.constraints, v025 !== null);
      let paymentId: string | null = null;
      let paymentStatus: string | null = null;
      let escrow: EscrowTerms | null = null;
      if (v025) {
        const amount = body.payment_amount === null || body.payment_amount === undefined ? null : tryParseDecimal(body.payment_amount);
        if (body.payment_amount != null && amount === null) paymentStatus = 'skipped';
        else paymentStatus = v025.record(jobId, { amount, buyer: body.buyer_address ?? clientAddress, provider: body.provider_address, offerId: body.offer_id ?? null, offerQuantity: body.offer_quantity ?? null }).status;
      } else {
        const terms = c27c654Escrow(body, clientAddress);
        if (terms === 'skipped') paymentStatus = 'skipped';
        else escrow = terms;
      }
      db.transaction(() => {
        if (escrow) {
          paymentId = randomUUID().replace(/-/g, '');
          const tx = ledger.transfer(escrow.buyer, ESCROW_ADDRESS, escrow.amount, 'escrow_lock', jobId);
          const at = new Date(now).toISOString();
          db.prepare('INSERT INTO payments (payment_id, job_id, amount, currency, status, buyer, provider, escrow_address, created_at, updated_at, transaction_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
            paymentId, jobId, escrow.amount, 'AITBC', 'escrowed', escrow.buyer.toLowerCase(), escrow.provider, ESCROW_ADDRESS, at, at, tx);
          paymentStatus = 'escrowed';
        }
        db.prepare('INSERT INTO jobs (job_id, client_id, state, payload, constraints, requested_at, expires_at, payment_id, payment_status, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
          jobId, clientId, 'QUEUED', dumps(body.payload), dumps(constraints), iso(now), iso(now + Math.max(body.ttl_seconds, 1) * 1000), paymentId, paymentStatus, ++seq);
      })();
      // One-step lock (client.py submit_job). The lock signs the job id, which only the server knows yet, so a
      // client's one-step signature cannot match: the escrow fails and the job is `skipped` (G4), as on the hub.
      if (v025 && paymentStatus === 'pending' && body.buyer_lock_signature) {
        const terms = v025.terms(jobId);
        await v025
          .lock({ jobId, amount: terms?.payment_amount ?? '0', buyer: null, provider: null, signature: body.buyer_lock_signature, nonce: body.buyer_lock_nonce ?? null, fee: body.buyer_lock_fee ?? null }, now)
          .catch(() => v025.skip(jobId));
      }
      return view(getRow.get(jobId) as JobRow);
    },
    get: (clientId: string, jobId: string) => view(owned(clientId, jobId)),
    result(clientId: string, jobId: string): JsonObject {
      const r = owned(clientId, jobId);
      const receipt = db.prepare<[string], { body: string }>('SELECT body FROM receipts WHERE job_id = ? ORDER BY seq DESC LIMIT 1').get(jobId);
      if (r.result === null && !receipt) throw detail(425, 'job not ready');
      return { result: lossless(r.result), receipt: receipt ? lossless(receipt.body) : null };
    },
    cancel(clientId: string, jobId: string): JsonObject {
      const r = owned(clientId, jobId);
      if (r.state !== 'QUEUED' && r.state !== 'RUNNING') throw detail(409, 'job not cancelable');
      db.transaction(() => {
        setState.run('CANCELED', 'canceled by client', jobId);
        refund(jobId, 'canceled'); // devnet fix: cancel refunds the escrow
      })();
      return view(getRow.get(jobId) as JobRow);
    },
    receipts(clientId: string, jobId: string): JsonValue[] {
      owned(clientId, jobId);
      return db.prepare<[string], { body: string }>('SELECT body FROM receipts WHERE job_id = ? ORDER BY seq').all(jobId).map((x) => lossless(x.body));
    },
    list(clientId: string, q: { limit: number; offset: number; status: string | null; jobType: string | null }): JsonObject[] {
      const rows = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE client_id = ? ORDER BY seq DESC').all(clientId).map((r) => expireIfDue(r));
      const states = new Set(['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELED', 'EXPIRED']);
      const st = q.status?.toUpperCase() ?? null;
      return rows
        .filter((r) => !st || !states.has(st) || r.state === st)
        .filter((r) => !q.jobType || asObject(lossless(r.payload)).type === q.jobType)
        .slice(q.offset, q.offset + q.limit)
        .map(view);
    },
    payment(clientId: string, jobId: string): JsonObject {
      owned(clientId, jobId);
      if (v025) {
        const v = v025.payment(jobId);
        if (!v) throw detail(404, 'Payment not found for this job');
        return v;
      }
      const p = getPayment.get(jobId);
      if (!p) throw detail(404, 'Payment not found for this job');
      return { ...p, payment_method: 'aitbc_token', refund_address: p.buyer };
    },
    /** Oldest QUEUED unexpired job this miner satisfies; claimed atomically (RUNNING, assigned). */
    claim(miner: MinerRow, now = Date.now()): JsonObject | null {
      return db.transaction(() => {
        const candidates = db.prepare<[], JobRow>("SELECT * FROM jobs WHERE state = 'QUEUED' ORDER BY seq LIMIT 500").all();
        for (const c of candidates) {
          const r = expireIfDue(c, now);
          if (r.state !== 'QUEUED') continue;
          if (v025 && (r.payment_status === 'skipped' || !v025.dispatchable(r.job_id, miner))) continue; // G4, D3
          if (!satisfies(miner, JSON.parse(r.constraints) as JsonObject)) continue; // plain parse: matching needs no float lexemes
          const constraints = asObject(lossless(r.constraints));
          db.prepare("UPDATE jobs SET state = 'RUNNING', assigned_miner_id = ?, assigned_at = ? WHERE job_id = ?").run(miner.miner_id, iso(now), r.job_id);
          return { job_id: r.job_id, payload: lossless(r.payload), constraints };
        }
        return null;
      })();
    },
    /**
     * Result from the assigned miner of a RUNNING job only (devnet fix); signs the receipt, proves it when
     * required (§8.4; in the worker, the job stays RUNNING meanwhile), then settles escrow.
     */
    async complete(minerId: string, jobId: string, result: JsonObject, metrics: JsonObject, now = Date.now()): Promise<JsonObject> {
      const check = (at: number): JobRow => {
        const r0 = getRow.get(jobId);
        if (!r0) throw detail(404, 'job not found');
        const r = expireIfDue(r0, at);
        if (r.assigned_miner_id !== minerId) throw detail(403, 'job is not assigned to this miner');
        if (r.state !== 'RUNNING' || proving.has(jobId)) throw detail(409, `job is ${r.state === 'RUNNING' ? 'being completed' : r.state}, not RUNNING`);
        return r;
      };
      const r = check(now);
      const failed = result.status === 'failed';
      let receipt: JsonObject | null = null;
      if (!failed) {
        const user = db.prepare<[string], { user_id: string }>('SELECT user_id FROM users WHERE user_id = ?').get(r.client_id);
        const constraints = asObject(lossless(r.constraints));
        receipt = buildSignedReceipt({
          jobId, provider: minerId, client: user?.user_id ?? r.client_id, payload: asObject(lossless(r.payload)), constraints,
          result, metrics, jobAgeS: (now - Date.parse(r.requested_at + 'Z')) / 1000,
        }, signingSeedHex, now);
        if (zk?.required(constraints, getPayment.get(jobId)?.amount ?? null)) {
          proving.add(jobId);
          try {
            receipt = await zk.attach(receipt);
          } finally {
            proving.delete(jobId);
          }
          check(Date.now()); // it may have expired or been canceled while proving
        }
      }
      const signed = receipt;
      return db.transaction(() => {
        if (failed) {
          // devnet fix: a miner-reported failure ends FAILED (the real coordinator marks it COMPLETED)
          db.prepare("UPDATE jobs SET state = 'FAILED', error = ?, result = ? WHERE job_id = ?").run(String(result.error ?? 'miner reported failure'), dumps(result), jobId);
          db.prepare('UPDATE miners SET failed = failed + 1 WHERE miner_id = ?').run(minerId);
          refund(jobId, 'failed');
          return { status: 'ok', receipt: null };
        }
        // v0.25 adds `computation_correct` after signing, on every receipt (routers/miner.py, id 57954805731)
        const receipt: JsonObject = v025 ? { ...(signed as JsonObject), computation_correct: signed?.zk_status === 'not_required' || signed?.zk_status === 'verified' } : (signed as JsonObject);
        if (receipt.zk_status !== 'not_required') {
          const proofId = isJsonObject(receipt.zk_proof) && typeof receipt.zk_proof.circuit_hash === 'string' ? receipt.zk_proof.circuit_hash : null;
          db.prepare('INSERT OR REPLACE INTO job_zk (job_id, zk_status, zk_proof_id) VALUES (?, ?, ?)').run(jobId, String(receipt.zk_status), proofId);
        }
        db.prepare("UPDATE jobs SET state = 'COMPLETED', error = NULL, result = ? WHERE job_id = ?").run(dumps(result), jobId);
        db.prepare('INSERT INTO receipts (receipt_id, job_id, body, seq) VALUES (?, ?, ?, ?)').run(String(receipt.receipt_id), jobId, dumps(receipt), ++seq);
        db.prepare('UPDATE miners SET completed = completed + 1 WHERE miner_id = ?').run(minerId);
        const p = getPayment.get(jobId);
        if (v025) {
          const w = asObject(lossless(r.constraints)).acceptance_window_seconds;
          v025.onResult(jobId, typeof w === 'number' ? w : typeof w === 'bigint' ? Number(w) : null, now);
        } else if (p && p.status === 'escrowed') {
          // c27c654 quirk (rpc/escrow_routes.py, aitbc.md §9.3): the whole escrowed payment is released to the
          // payee named at submit, whatever the receipt's price; no change goes back to the buyer
          const miner = db.prepare<[string], { capabilities: string }>('SELECT capabilities FROM miners WHERE miner_id = ?').get(minerId);
          const caps = asObject(lossless(miner?.capabilities ?? '{}'));
          const payee = p.provider ?? (typeof caps.payout_address === 'string' ? caps.payout_address : `miner:${minerId}`);
          const at = new Date(now).toISOString();
          const tx = ledger.transfer(ESCROW_ADDRESS, payee, p.amount, 'escrow_release', jobId);
          const rtx = null;
          setPayment.run('released', at, at, null, tx, rtx, jobId);
          setJobPayment.run('released', jobId);
        }
        return { status: 'ok', receipt };
      })();
    },
    fail(minerId: string, jobId: string, message: string): JsonObject {
      const r = getRow.get(jobId);
      if (!r) throw detail(404, 'job not found');
      if (r.assigned_miner_id !== minerId) throw detail(403, 'job is not assigned to this miner');
      if (r.state !== 'RUNNING') throw detail(409, `job is ${r.state}, not RUNNING`);
      db.transaction(() => {
        setState.run('FAILED', message, jobId);
        db.prepare('UPDATE miners SET failed = failed + 1 WHERE miner_id = ?').run(minerId);
        refund(jobId, 'failed');
      })();
      return { status: 'ok' };
    },
    /** Expires due jobs; re-queues RUNNING jobs of miners that went offline. */
    sweep(now: number, offlineMinerIds: string[]): void {
      for (const r of db.prepare<[], JobRow>("SELECT * FROM jobs WHERE state IN ('QUEUED','RUNNING')").all()) expireIfDue(r, now);
      v025?.sweep(now);
      for (const id of offlineMinerIds) {
        db.prepare("UPDATE jobs SET state = 'QUEUED', assigned_miner_id = NULL, assigned_at = NULL, attempts = attempts + 1 WHERE state = 'RUNNING' AND assigned_miner_id = ?").run(id);
      }
    },
    /** v0.25 client routes on a job the caller owns: `POST /v1/payments`, `…/accept`, `…/reject`. */
    lockPayment(clientId: string, l: Parameters<V025Payments['lock']>[0]): Promise<JsonObject> {
      owned(clientId, l.jobId);
      const p = needV025();
      return p.lock(l, Date.now()).then(() => p.payment(l.jobId) as JsonObject, (err: unknown) => {
        p.skip(l.jobId);
        throw err;
      });
    },
    accept: (clientId: string, jobId: string) => (owned(clientId, jobId), needV025().accept(jobId, Date.now())),
    reject: (clientId: string, jobId: string, reason: string) => (owned(clientId, jobId), needV025().reject(jobId, reason, Date.now())),
    inflight: (minerId: string) => (db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE state = 'RUNNING' AND assigned_miner_id = ?").get(minerId) as { n: number }).n,
    isObject: isJsonObject,
  };
}
export type JobService = ReturnType<typeof createJobService>;
