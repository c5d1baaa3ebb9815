import type { JsonObject, JsonValue } from '../../shared/domain/canonical-json';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import type { DevnetDb } from './devnet-db';
import type { JobRow, JobService } from './devnet-jobs';
import type { Req, Route } from './devnet-routes';
import { detail } from './http-util';
import { ESCROW_ADDRESS } from './ledger';

/**
 * What a miner reads back about its own work (aitbc.md §5: `POST /v1/miners/{miner_id}/jobs` and
 * `…/earnings`, POST as on the coordinator), and the chain's view of one job's escrow (`GET /rpc/escrow/{job_id}`,
 * §9.3). Devnet fix: a miner reads only its own id (the coordinator checks no ownership). Earnings history is
 * capped at 20 like the coordinator's; per-job status comes from `…/jobs`.
 */
const PAID = new Set(['released']);
const PENDING = new Set(['escrowed', 'pending_acceptance', 'pending', 'disputed']);
/** The chain's escrow states (§9.3) for the coordinator's payment states. */
const CHAIN_STATE: Record<string, string> = { escrowed: 'funded', pending_acceptance: 'job_completed', released: 'released', refunded: 'refunded', disputed: 'disputed', pending: 'created' };

export function devnetMinerEarningsRoutes(db: DevnetDb, jobs: JobService): Route[] {
  const own = (r: Req): string => {
    const id = decodeURIComponent(r.params[0] as string);
    if (id !== r.caller.minerId) throw detail(403, 'a miner reads only its own jobs');
    return id;
  };
  const rows = (minerId: string, status: string | null) =>
    db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE assigned_miner_id = ? ORDER BY seq DESC').all(minerId).filter((j) => !status || j.state === status.toUpperCase());
  const amountOf = (v: JsonObject): string => (typeof v.payment_amount === 'string' ? v.payment_amount : '0');
  return [
    {
      method: 'POST', re: /^\/v1\/miners\/([^/]+)\/jobs$/, level: 'MINER', limit: 200,
      handle(r) {
        const id = own(r);
        const limit = Math.min(Math.max(Number(r.query.get('limit') ?? '20') || 20, 1), 500);
        const offset = Math.max(Number(r.query.get('offset') ?? '0') || 0, 0);
        const all = rows(id, r.query.get('job_status'));
        const page = all.slice(offset, offset + limit).map((j) => jobs.view(j));
        return { jobs: page as JsonValue[], total: page.length, limit, offset, miner_id: id };
      },
    },
    {
      method: 'POST', re: /^\/v1\/miners\/([^/]+)\/earnings$/, level: 'MINER', limit: 200,
      handle(r) {
        const id = own(r);
        const views = rows(id, 'COMPLETED').map((j) => jobs.view(j));
        const sum = (pick: Set<string>) => formatAmount(views.filter((v) => pick.has(String(v.payment_status))).reduce((a, v) => a + parseAmount(amountOf(v)), 0n));
        const total = formatAmount(parseAmount(sum(PAID)) + parseAmount(sum(PENDING)));
        return {
          miner_id: id, total_earnings: total, pending_earnings: sum(PENDING), paid_earnings: sum(PAID), completed_jobs: views.length, currency: 'AITBC',
          from_time: r.query.get('from_time'), to_time: r.query.get('to_time'),
          earnings_history: views.slice(0, 20).map((v) => ({ job_id: v.job_id ?? null, amount: amountOf(v), currency: 'AITBC', payment_status: v.payment_status ?? null })),
        };
      },
    },
    {
      method: 'GET', re: /^\/rpc\/escrow\/([^/]+)$/, level: 'NONE', limit: 200,
      handle(r) {
        const jobId = r.params[0] as string;
        const lock = db.prepare<[string], { units: string; status: string; provider: string; buyer: string; release_tx: string | null; refund_tx: string | null; updated_at: string }>('SELECT * FROM escrow_locks WHERE job_id = ?').get(jobId);
        if (!lock) throw detail(404, 'escrow not found');
        // The amounts the chain moved for this job (the devnet's chain ledger), not what anyone claims.
        const moved = (kind: string, to: string) =>
          db.prepare<[string, string, string], { delta: string }>("SELECT delta FROM ledger WHERE job_id = ? AND kind = ? AND address = ? AND delta NOT LIKE '-%'").all(jobId, kind, to).reduce((a, x) => a + parseAmount(x.delta), 0n);
        const locked = moved('escrow_lock', ESCROW_ADDRESS);
        return {
          job_id: jobId, state: CHAIN_STATE[lock.status] ?? lock.status, amount: formatAmount(locked), released_amount: formatAmount(moved('escrow_release', lock.provider)),
          refunded_amount: formatAmount(moved('escrow_refund', lock.buyer)), provider: lock.provider, buyer: lock.buyer, release_tx_hash: lock.release_tx, refund_tx_hash: lock.refund_tx, updated_at: lock.updated_at,
        };
      },
    },
  ];
}
