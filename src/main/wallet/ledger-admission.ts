import type { Approval, SpendPolicy } from '../../shared/contract/wallet';
import { available, priceAllowed, worstCaseCost, optionalAmount } from '../../shared/domain/budget';
import { formatAmount, minAmount, parseAmount, type Amount } from '../../shared/domain/decimal';
import { createPeriodCache, type Period } from '../../shared/domain/spend-period';
import type { Admission, AdmissionDecision, AdmissionRequest, Reservation } from '../routing/port';
import type { Logger } from '../log/logger';
import type { Approvals } from './approvals';
import { createGroupCommit, type GroupCommit } from './group-commit';
import type { Ledger, ScopeSpec } from './ledger-types';
import type { SpendPolicies } from './spend-policies';

/** What the ledger-backed admission needs. */
export interface LedgerAdmissionDeps {
  ledger: Ledger;
  /** The group committer admissions go through; default: one of its own over `ledger`. */
  commits?: GroupCommit;
  policies: SpendPolicies;
  approvals: Approvals;
  log?: Logger;
  now?: () => number;
  /** How long an admitted reservation may stay open before it is released as expired. */
  reservationTtlMs?: number;
  /** Told after every ledger change (to publish wallet.changed) and on soft-limit crossings. */
  onChanged?: () => void;
  onSoftLimit?: (agentId: string, scopes: string[]) => void;
  /** A settle asked for more than its reservation: it was capped; the excess is the wallet's dispute to raise. */
  onOverspend?: (o: Overspend) => void;
  /** Why an agent's network spend is paused (an open overspend dispute), or null: such an agent is refused. */
  pausedReason?: (agentId: string) => string | null;
}

/** A settle capped at its reservation: what was asked above it, for a dispute. */
export interface Overspend {
  agentId: string;
  reservationId: string;
  jobId: string;
  reservedAit: string;
  excessAit: string;
}

/** The limit scopes a request for `agentId`/`model` counts against, in their current periods. */
export function scopesFor(
  policies: SpendPolicies,
  agentId: string,
  model: string,
  nowMs: number,
  period: (p: SpendPolicy['period'], now: number) => Period,
): ScopeSpec[] {
  const { policy } = policies.forAgent(agentId);
  const agentPeriod = period(policy.period, nowMs);
  const scopes: ScopeSpec[] = [
    {
      scope: `agent:${agentId}`,
      label: `the ${policy.period.kind} budget of agent "${agentId}"`,
      periodKey: agentPeriod.key,
      limit: optionalAmount(policy.hardLimitAit),
      soft: optionalAmount(policy.softLimitAit),
    },
  ];
  const cap = policy.modelCapsAit[model];
  if (cap !== undefined) {
    scopes.push({ scope: `agent:${agentId}|model:${model}`, label: `the cap for ${model} of agent "${agentId}"`, periodKey: agentPeriod.key, limit: parseAmount(cap), soft: null });
  }
  const w = policies.wallet();
  const walletPeriod = period(w.period, nowMs);
  scopes.push({ scope: 'wallet', label: `the wallet-wide ${w.period.kind} limit`, periodKey: walletPeriod.key, limit: optionalAmount(w.limitAit), soft: null });
  return scopes;
}

/**
 * The engine's Admission backed by the ledger: reserve the worst case (max tokens × price + 2.5 % fee)
 * against every limit atomically — through group commit, so `admit()` resolves once its reservation is
 * in a committed batch, without a transaction of its own. Above the approval threshold the reservation
 * is held while the person decides. Denied, timed out or aborted → released, and the engine answers 429 with the reason.
 */
export function createLedgerAdmission(deps: LedgerAdmissionDeps): Admission {
  const now = deps.now ?? Date.now;
  const period = createPeriodCache();
  const ttl = deps.reservationTtlMs ?? 30 * 60_000;
  const changed = () => deps.onChanged?.();
  const commits = deps.commits ?? createGroupCommit(deps.ledger, { log: deps.log });
  const failed = (what: string, id: string) => (err: unknown) => deps.log?.error(`wallet.${what}_failed`, { reservation: id, err: String(err) });

  const handle = (id: string, payment: Amount, total: Amount, agentId: string): Reservation => ({
    id,
    amountAit: formatAmount(payment),
    settle(actualAit, ref) {
      let actual: Amount;
      let note = ref.note ?? '';
      let fee: Amount | undefined;
      try {
        fee = ref.feeAit ? parseAmount(ref.feeAit) : undefined;
      } catch {
        fee = undefined;
      }
      try {
        actual = parseAmount(actualAit, { round: 'truncate' });
      } catch {
        actual = payment;
        note = `unreadable actual cost "${String(actualAit).slice(0, 40)}": settled at the reserved amount`;
      }
      // Queued into the next batch: durable within a turn of the event loop; if it is lost in a crash
      // the reservation stays held and is released at its deadline (or settled by reconciliation).
      void commits
        .settle(id, actual, { jobId: ref.jobId, receiptId: ref.receiptId ?? null, note, ...(fee !== undefined ? { fee } : {}) })
        .then((r) => {
          if (r.changed && r.excess) deps.onOverspend?.({ agentId, reservationId: id, jobId: ref.jobId, reservedAit: formatAmount(total), excessAit: formatAmount(r.excess) });
          changed();
        }, failed('settle', id));
    },
    release(reason) {
      void commits.release(id, reason).then(changed, failed('release', id));
    },
  });

  return {
    headroomAit(agentId) {
      if (deps.pausedReason?.(agentId)) return '0';
      const scopes = scopesFor(deps.policies, agentId, '', now(), period);
      let least: Amount | null = null;
      for (const s of scopes) {
        const left = available({ limit: s.limit, ...deps.ledger.usage(s.scope, s.periodKey) });
        if (left !== null) least = least === null ? left : minAmount(least, left);
      }
      return least === null ? null : formatAmount(least);
    },

    async admit(req: AdmissionRequest, signal: AbortSignal): Promise<AdmissionDecision> {
      const paused = deps.pausedReason?.(req.agentId);
      if (paused) return { ok: false, code: 'budget_exhausted', message: `Network spend is paused for agent "${req.agentId}": ${paused}` };
      const { policy } = deps.policies.forAgent(req.agentId);
      let price: Amount;
      try {
        price = parseAmount(req.pricePer1kTokensAit, { round: 'truncate' });
      } catch {
        return { ok: false, code: 'over_price_cap', message: `Unreadable price "${req.pricePer1kTokensAit}" per 1k tokens` };
      }
      const cap = optionalAmount(policy.maxPricePer1kAit);
      if (!priceAllowed(price, cap)) {
        return {
          ok: false,
          code: 'over_price_cap',
          message: `Price ${formatAmount(price)} AIT per 1k tokens is above agent "${req.agentId}"'s cap of ${formatAmount(cap ?? 0n)} AIT`,
        };
      }
      const cost = worstCaseCost(price, req.maxTokens);
      const scopes = scopesFor(deps.policies, req.agentId, req.model, now(), period);
      const r = await commits.reserve({
        requestId: req.requestId,
        agentId: req.agentId,
        model: req.model,
        minerId: req.minerId,
        payment: cost.payment,
        fee: cost.fee,
        scopes,
        ttlMs: ttl,
      });
      if (!r.ok) return { ok: false, code: 'budget_exhausted', message: r.message };
      changed();
      if (r.softCrossed.length) deps.onSoftLimit?.(req.agentId, r.softCrossed);

      const threshold = optionalAmount(policy.approvalThresholdAit);
      const overThreshold = threshold !== null && cost.total > threshold;
      const softAsk = policy.approveOnSoftLimit && r.softCrossed.length > 0;
      if ((overThreshold || softAsk) && !deps.approvals.hasGrant(req.agentId, req.model)) {
        const card: Omit<Approval, 'id' | 'createdAtMs' | 'deadlineMs'> = {
          requestId: req.requestId,
          agentId: req.agentId,
          model: req.model,
          minerId: req.minerId,
          pricePer1kAit: formatAmount(price),
          maxTokens: req.maxTokens,
          paymentAit: formatAmount(cost.payment),
          feeAit: formatAmount(cost.fee),
          deltaAit: formatAmount(-cost.total),
          reason: overThreshold
            ? `Costs up to ${formatAmount(cost.total)} AIT, above the approval threshold of ${formatAmount(threshold ?? 0n)} AIT`
            : 'Crosses the soft limit',
          budget: r.before.map((u) => {
            const before = available(u);
            return {
              label: u.label,
              limitAit: u.limit === null ? null : formatAmount(u.limit),
              beforeAit: before === null ? null : formatAmount(before),
              afterAit: before === null ? null : formatAmount(before - cost.total),
            };
          }),
        };
        const timeoutMs = deps.policies.wallet().approvalTimeoutS * 1000;
        const outcome = await deps.approvals.request(card, { signal, timeoutMs });
        if (outcome !== 'approved') {
          const message =
            outcome === 'timeout'
              ? `Payment of up to ${formatAmount(cost.total)} AIT for ${req.model} was not approved within ${timeoutMs / 1000} s, so it was denied`
              : outcome === 'aborted'
                ? 'The request was canceled while waiting for payment approval'
                : `Payment of up to ${formatAmount(cost.total)} AIT for ${req.model} was denied by the user`;
          await commits.release(r.id, `approval ${outcome}`).then(changed, failed('release', r.id));
          return { ok: false, code: outcome === 'timeout' ? 'approval_timeout' : 'approval_denied', message };
        }
      }
      return { ok: true, reservation: handle(r.id, cost.payment, cost.total, req.agentId) };
    },
  };
}
