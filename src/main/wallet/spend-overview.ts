import type { SpendOverview, SpendUsage } from '../../shared/contract/wallet';
import { available, optionalAmount } from '../../shared/domain/budget';
import { formatAmount, parseAmount, type Amount } from '../../shared/domain/decimal';
import { localDateKey, periodAt, type PeriodSpec } from '../../shared/domain/spend-period';
import type { Db } from '../store/database';
import { firstSeqSince } from './ledger-reads';
import type { Ledger } from './ledger-types';
import type { SpendPolicies } from './spend-policies';

const DAY = 86_400_000;

function usage(ledger: Ledger, scope: string, spec: PeriodSpec, limit: Amount | null, soft: Amount | null, nowMs: number): SpendUsage {
  const p = periodAt(spec, nowMs);
  const u = ledger.usage(scope, p.key);
  const left = available({ limit, ...u });
  return {
    limitAit: limit === null ? null : formatAmount(limit),
    softLimitAit: soft === null ? null : formatAmount(soft),
    reservedAit: formatAmount(u.reserved),
    spentAit: formatAmount(u.spent),
    availableAit: left === null ? null : formatAmount(left),
    periodKey: p.key,
    periodStartMs: p.startMs,
    periodEndMs: p.endMs,
    softCrossed: soft !== null && u.reserved + u.spent > soft,
  };
}

interface SpendRow {
  kind: string;
  amount: string;
  fee: string | null;
}
/** What a settle (payment + its fee leg), an old-style fee entry or a refund (negative) adds to spend. */
const spendOf = (r: SpendRow): Amount => (r.kind === 'refund' ? -parseAmount(r.amount) : parseAmount(r.amount) + (r.fee === null ? 0n : parseAmount(r.fee)));

/** Settled spend (settle + fee − refund) per local day and agent over the last 14 days. */
function dailySpend(db: Db, timeZone: string, nowMs: number): Map<string, Map<string, Amount>> {
  const rows = db
    .prepare<[number], SpendRow & { agent_id: string | null; at_ms: number }>(
      "SELECT agent_id, kind, amount, fee, at_ms FROM ledger_entries WHERE seq >= ? AND kind IN ('settle', 'fee', 'refund') AND agent_id IS NOT NULL",
    )
    .all(firstSeqSince(db, nowMs - 15 * DAY));
  const out = new Map<string, Map<string, Amount>>();
  for (const r of rows) {
    const agent = r.agent_id ?? '';
    const day = localDateKey(r.at_ms, timeZone);
    const m = out.get(agent) ?? new Map<string, Amount>();
    m.set(day, (m.get(day) ?? 0n) + spendOf(r));
    out.set(agent, m);
  }
  return out;
}

/** Everything the Spend page shows, computed from policies and the ledger's projections. */
export function buildOverview(
  db: Db,
  ledger: Ledger,
  policies: SpendPolicies,
  extra: { agentIds: readonly string[]; alerts: SpendOverview['alerts']; timeZone: string; nowMs: number },
): SpendOverview {
  const now = extra.nowMs;
  const seen = db.prepare<[], string>("SELECT DISTINCT agent_id FROM ledger_entries WHERE kind = 'reserve'").pluck().all();
  const ids = [...new Set(['default', ...extra.agentIds, ...policies.agentIds(), ...seen])];
  const daily = dailySpend(db, extra.timeZone, now);
  const days = Array.from({ length: 14 }, (_, i) => localDateKey(now - (13 - i) * DAY, extra.timeZone));
  const agents = ids.map((agentId) => {
    const { policy, custom } = policies.forAgent(agentId);
    const u = usage(ledger, `agent:${agentId}`, policy.period, optionalAmount(policy.hardLimitAit), optionalAmount(policy.softLimitAit), now);
    const perDay = daily.get(agentId) ?? new Map<string, Amount>();
    return {
      agentId,
      custom,
      policy,
      usage: u,
      models: Object.entries(policy.modelCapsAit).map(([model, cap]) => ({
        model,
        capAit: cap,
        usage: usage(ledger, `agent:${agentId}|model:${model}`, policy.period, parseAmount(cap), null, now),
      })),
      daily: days.map((day) => ({ day, spentAit: formatAmount(perDay.get(day) ?? 0n) })),
    };
  });
  const w = policies.wallet();
  const held = ledger.held();
  const reserved = held.reduce((a, r) => a + parseAmount(r.total), 0n);
  const spentRows = db.prepare<[], SpendRow>("SELECT kind, amount, fee FROM ledger_entries WHERE kind IN ('settle', 'fee', 'refund') AND reservation_id IS NOT NULL").all();
  const spent = spentRows.reduce((a, r) => a + spendOf(r), 0n);
  const alerts = [...extra.alerts];
  for (const a of agents) {
    if (a.usage.softCrossed) alerts.push({ kind: 'soft_limit', message: `Agent "${a.agentId}" is past its soft limit: ${a.usage.spentAit} spent + ${a.usage.reservedAit} reserved of ${a.usage.softLimitAit} AIT` });
  }
  return {
    agents,
    defaults: policies.defaults(),
    wallet: { policy: w, usage: usage(ledger, 'wallet', w.period, optionalAmount(w.limitAit), null, now) },
    totals: { reservedAit: formatAmount(reserved), spentAit: formatAmount(spent), heldReservations: held.length },
    alerts,
  };
}
