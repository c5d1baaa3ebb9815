import type { JsonObject, JsonValue } from '../../shared/domain/canonical-json';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import type { DevnetDb } from './devnet-db';
import type { JobRow, JobService } from './devnet-jobs';
import type { Req, Route } from './devnet-routes';
import { detail } from './http-util';

/**
 * What a miner reads back about its own work (aitbc.md §5: `POST /v1/miners/{miner_id}/jobs` and
 * `…/earnings`, POST as on the coordinator); the chain's view of one job's escrow (`GET /rpc/escrow/{job_id}`) is
 * devnet-chain.ts'. Devnet fix: a miner reads only its own id (the coordinator checks no ownership). Earnings history is
 * capped at 20 like the coordinator's; per-job status comes from `…/jobs`.
 */
const PAID = new Set(['released']);
const PENDING = new Set(['escrowed', 'pending_acceptance', 'pending', 'disputed']);

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
  ];
}
