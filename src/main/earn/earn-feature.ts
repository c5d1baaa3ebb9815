import type { EarnJob, EarnStatus } from '../../shared/contract/earn';
import { isJsonObject, isPyFloat, parseJsonLossless, type JsonObject, type JsonValue } from '../../shared/domain/canonical-json';
import { decideEarn } from '../../shared/domain/earn-policy';
import type { CoreServices } from '../feature';
import { createServedJobs, type ServedJobRow } from './earn-jobs-store';
import { minerIdFor, startEarnRuntime, usageOf, type EarnRuntime } from './earn-runtime';
import { earningsForReconcile, earningsReads } from './earnings-book';
import type { EarnDeps, EarnFeature } from './port';

const num = (v: JsonValue | undefined): number | null => (typeof v === 'number' ? v : isPyFloat(v) ? v.value : typeof v === 'bigint' ? Number(v) : null);

/** The receipt's public facts for the page (id, price, units, signer, verdict): never its payload or result. */
function receiptView(r: ServedJobRow): EarnJob['receipt'] {
  if (!r.receipt) return null;
  const parsed = parseJsonLossless(r.receipt);
  const body: JsonObject = parsed.ok && isJsonObject(parsed.value) ? parsed.value : {};
  const sig = isJsonObject(body.signature) ? body.signature : {};
  const price = num(body.price);
  return {
    receiptId: typeof body.receipt_id === 'string' ? body.receipt_id : '?',
    priceAit: price === null ? null : String(price),
    units: num(body.units),
    unitType: typeof body.unit_type === 'string' ? body.unit_type : null,
    signer: typeof sig.key_id === 'string' ? sig.key_id : null,
    verified: r.receipt_ok === null ? null : r.receipt_ok === 1,
    verdict: r.receipt_why ?? 'not checked',
  };
}

/**
 * Earn mode (off by default): ClawGrid as an AITBC edge miner on its own Ollama, within the person's limits and
 * schedule, own agents first. Its earnings are booked from the coordinator's and the chain's word (earnings-book.ts).
 */
export function createEarnFeature(core: CoreServices, deps: EarnDeps): EarnFeature {
  const jobs = createServedJobs(core.db);
  const book = earningsReads(core.db);
  let runtime: EarnRuntime | null = null;
  let last = '';

  function status(): EarnStatus {
    const s = core.settings.get();
    const snap = runtime?.snapshot() ?? null;
    const totals = book.totals();
    const decision = snap?.decision ?? decideEarn({
      enabled: s.earnEnabled, networkProblem: null, hasMinerKey: true, servableModels: s.earnModels, limits: s.earnLimits, usage: usageOf(deps), ownAgentsFirst: s.earnOwnAgentsFirst,
      localInflight: 0, hours: s.earnHours, localHour: new Date().getHours(), servingInflight: 0, concurrency: 1,
    });
    return {
      state: decision.state,
      reasons: decision.reasons,
      minerId: snap?.minerId ?? minerIdFor(s, core.dataDir),
      network: snap?.network ?? String(s.network),
      registered: snap?.registered ?? false,
      problem: snap?.problem ?? null,
      lastHeartbeat: snap?.lastHeartbeat ?? null,
      payoutAddress: snap?.payoutAddress ?? (s.earnPayoutAddress || null),
      allowedModels: [...s.earnModels],
      servedModels: snap?.servedModels ?? [],
      pricePer1kAit: s.earnPricePer1k,
      usage: snap?.usage ?? usageOf(deps),
      localInflight: snap?.localInflight ?? 0,
      servingInflight: snap?.servingInflight ?? 0,
      offers: (snap?.offers ?? []).map((o) => ({ offerId: o.offer_id ?? null, pluginId: o.plugin_id, model: o.model ?? '?', pricePer1kAit: o.price ?? '?', status: o.status ?? '?', providerAddress: o.provider_address ?? null })),
      totals: { ...totals, jobsServed: jobs.servedCount() },
    };
  }

  function changed(): void {
    const s = status();
    const text = JSON.stringify({ ...s, usage: null }); // usage moves every tick; publish on real changes
    if (text === last) return;
    last = text;
    core.hub.publish('earn.status', s);
  }

  return {
    ownMinerIds: () => [minerIdFor(core.settings.get(), core.dataDir)],
    payoutAddress: () => runtime?.snapshot()?.payoutAddress ?? (core.settings.get().earnPayoutAddress || null),
    earnings: earningsForReconcile(core.db, { served: (n) => jobs.completedIds(n), onBooked: () => changed() }),
    handlers: {
      'earn.status': () => status(),
      'earn.jobs': ({ limit }) => ({
        jobs: jobs.recent(limit ?? 100).map((r): EarnJob => {
          const e = book.job(r.network, r.job_id);
          return {
            jobId: r.job_id, network: r.network, model: r.model, state: r.state, error: r.error, polledAt: r.polled_at, resultAt: r.result_at, promptTokens: r.prompt_tokens, outputTokens: r.output_tokens,
            receipt: receiptView(r), paymentStatus: r.payment_status, pendingAit: e.pendingAit, releasedAit: e.releasedAit, releasedAt: e.releasedAt, releaseTx: e.releaseTx,
          };
        }),
      }),
      'earn.earnings': ({ days }) => ({ days: book.perDay(days ?? 30) }),
    },
    start() {
      const n = jobs.interrupted(Date.now());
      if (n) core.log.warn('earn.jobs_interrupted', { count: n });
      runtime = startEarnRuntime(core, deps, jobs, changed);
    },
    async close() {
      await runtime?.close();
      runtime = null;
    },
  };
}
