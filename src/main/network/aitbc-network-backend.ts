import { toPlainJson } from '../../shared/domain/canonical-json';
import { tryParseDecimal } from '../../shared/domain/decimal';
import { type EscrowSigner } from '../aitbc/port';
import { paymentNow, secureJobPayment, settleJobPayment, type PaymentDeps, type ReceiptVerdict } from './escrow-payment';
import { offerBinding } from './offer-binding';
import { NetworkError, type NetworkPayment, type NetworkBackend, type NetworkHealth, type NetworkInferenceRequest, type NetworkInferenceResult, type NetworkOffer } from '../routing/port';
import { type AitbcClient, AitbcError, type Backoff, type JobConstraints, type JobView } from '../aitbc/port';
import type { JobIntentStore } from './job-intents';
import type { PaymentNote } from './payment-store';
import { toNetworkOffers } from './offers';
import { inferencePayload } from './render-prompt';
import { submitJobOnce } from './submit-job';
import { cancelStalled } from './move-off';
import { JobStalled, waitForTerminal } from './wait-for-job';

export interface AitbcBackendOptions {
  client: AitbcClient;
  intents: JobIntentStore;
  /** "devnet" or the coordinator URL: keys intents and labels health. */
  network: string;
  offersTtlMs?: number;
  poll?: Backoff;
  /** Staleness of the coordinator's job list (65 s real, ~0 on the devnet). */
  listStaleMs?: number;
  onHealth?: (h: NetworkHealth) => void;
  /**
   * The coordinator refunds escrow when a job is cancelled (the devnet does; AITBC's coordinator does not, §4.5): only
   * then is a paid job that made no progress cancelled and moved. An unpaid job can always be moved.
   */
  cancelRefunds?: boolean;
  /** The wallet's key for the buyer's half of a v0.25 escrow (the person's key, through the wallet's port). */
  signer?: () => Promise<EscrowSigner | null>;
  /** Verifies a receipt (and any proof) before its payment is accepted; without it nothing is accepted early. */
  verifyReceipt?: (receipt: unknown, jobId: string) => Promise<ReceiptVerdict>;
  /** Told each time a job's payment moves (locked, then settled or disputed): the payment book stores it. */
  onPayment?: (note: PaymentNote) => void;
}

export interface AitbcNetworkBackend extends NetworkBackend {
  /** Probes `/health` and updates health(). */
  probe(signal?: AbortSignal): Promise<NetworkHealth>;
}

/** The engine's NetworkBackend over the AITBC coordinator wire (devnet or any coordinator URL). */
export function createAitbcNetworkBackend(o: AitbcBackendOptions): AitbcNetworkBackend {
  let health: NetworkHealth = { state: 'degraded', message: 'Connecting…', network: o.network };
  let offersCache: { at: number; offers: NetworkOffer[] } | null = null;
  /** This client's unfinished jobs per pinned miner: the planner spreads new jobs by it. */
  const inflight = new Map<string, number>();
  const track = (minerId: string | undefined, delta: 1 | -1) => {
    if (!minerId) return;
    const n = (inflight.get(minerId) ?? 0) + delta;
    if (n > 0) inflight.set(minerId, n);
    else inflight.delete(minerId);
  };
  const setHealth = (state: NetworkHealth['state'], message: string) => {
    if (health.state === state && health.message === message) return;
    health = { state, message, network: o.network };
    o.onHealth?.(health);
  };
  const noteError = (err: unknown) => {
    if (!(err instanceof AitbcError)) return;
    if (err.kind === 'unreachable' || err.kind === 'timeout') setHealth('down', err.message);
    else if (err.status === 429) setHealth('degraded', 'Rate limited by the coordinator');
  };

  async function offers(): Promise<NetworkOffer[]> {
    const ttl = offersCache?.offers.length ? (o.offersTtlMs ?? 30_000) : Math.min(o.offersTtlMs ?? 2_000, 2_000);
    if (offersCache && Date.now() - offersCache.at < ttl) return offersCache.offers;
    try {
      const [market, gpus] = await Promise.all([o.client.marketOffers({ timeoutMs: 5_000 }), o.client.gpuList({ timeoutMs: 5_000 }).catch(() => [])]);
      offersCache = { at: Date.now(), offers: toNetworkOffers(market.offers, gpus) };
      return offersCache.offers;
    } catch (err) {
      noteError(err);
      return offersCache?.offers ?? [];
    }
  }

  /** Best possible miner pin: the coordinator has no miner-id constraint, so constrain on what only it offers. */
  async function constraintsFor(req: NetworkInferenceRequest): Promise<{ constraints: JobConstraints; offerId: string | null; offerQuantity: string | null; paymentAmount: string | null }> {
    const c: JobConstraints = { models: [req.model] };
    if (req.maxPricePer1kTokensAit) c.max_price = req.maxPricePer1kTokensAit;
    if (req.zkProofRequired) c.zk_proof_required = true;
    const all = await offers();
    let pinned = null;
    if (req.minerId) {
      pinned = all.find((x) => x.minerId === req.minerId && x.model === req.model) ?? null;
      if (!pinned) throw new NetworkError('no_miner', `Miner ${req.minerId} does not offer ${req.model}`);
      // An offer's node_id is the publishing host, not a coordinator miner id: pin by what the offer names (gpu, payee)
      if (pinned.gpu) c.gpu = pinned.gpu;
      c.max_price = pinned.pricePer1kTokensAit;
    }
    // The payee is never the offer's claim (anyone can publish an offer): a bound job's payee is the one the
    // coordinator's offer registry names (G1, read back from the job view before the lock is signed); an unbound
    // job names none, so the coordinator pays the assigned miner's registered wallet (c27c654) or refuses (v0.25).
    const bound = req.paymentAmountAit ? offerBinding(pinned ? [pinned] : all.filter((x) => x.model === req.model), req.paymentAmountAit) : null;
    if (bound) {
      // The offer fixes price and payee (G1); `max_price` would be matched against the miner's
      // `capabilities.price`, which need not equal the offer's price (services/jobs.py), so it is not sent.
      delete c.max_price;
      return { constraints: c, offerId: bound.offerId, offerQuantity: bound.quantity, paymentAmount: bound.total };
    }
    return { constraints: c, offerId: null, offerQuantity: null, paymentAmount: req.paymentAmountAit ?? null };
  }

  function toNetworkError(err: unknown, jobId?: string): NetworkError {
    if (err instanceof NetworkError) return err;
    if (!(err instanceof AitbcError)) return new NetworkError('failed', err instanceof Error ? err.message : String(err), undefined, jobId);
    noteError(err);
    if (err.status === 429) return new NetworkError('rate_limited', `Rate limited: ${err.message}`, err.retryAfterMs ?? undefined, jobId);
    if (err.kind === 'timeout') return new NetworkError('timeout', err.message, undefined, jobId);
    if (err.kind === 'aborted') return new NetworkError('canceled', 'Canceled', undefined, jobId);
    if (err.kind === 'http' && err.status !== null && err.status < 500) return new NetworkError('rejected', `${err.status}: ${err.message}`, undefined, jobId);
    return new NetworkError('unavailable', err.message, undefined, jobId);
  }

  const tell = (job: JobView, requestId: string, model: string, payment: NetworkPayment) => {
    try {
      o.onPayment?.({ network: o.network, jobId: job.job_id, requestId, model, payment });
    } catch {
      // recording a payment never fails the job it paid for
    }
    return payment;
  };
  const settleAndTell = (job: JobView, requestId: string, model: string, lock: NetworkPayment, signer: PaymentDeps, verdict: () => Promise<ReceiptVerdict>) =>
    settleJobPayment(signer, job, lock, verdict).then(
      (p) => tell(job, requestId, model, p),
      (err: unknown) => {
        if (err instanceof NetworkError && err.payment) tell(job, requestId, model, err.payment);
        throw err;
      },
    );

  async function finish(job: JobView, model: string, lock: NetworkPayment | null, signer: PaymentDeps, requestId: string, asked = false): Promise<NetworkInferenceResult> {
    const fail = (code: NetworkError['code'], msg: string) => new NetworkError(code, msg, undefined, job.job_id);
    if (job.state === 'CANCELED') throw fail('canceled', job.error ?? 'Canceled');
    if (job.state === 'EXPIRED') throw fail(job.assigned_miner_id ? 'expired' : 'no_miner', job.assigned_miner_id ? (job.error ?? 'Job expired') : 'No miner took the job before it expired');
    if (job.state === 'FAILED') throw fail('failed', job.error ?? 'The miner reported a failure');
    const fetched = await o.client.getResult(job.job_id);
    const result = fetched?.result ?? job.result ?? null;
    // The reference miner reports failures as COMPLETED with result.status "failed" (§4.4).
    if (!result || result.status === 'failed') throw fail('failed', String(result?.error ?? job.error ?? 'The job completed without a result'));
    const receipt = fetched?.receipt ?? (await o.client.getReceipt(job.job_id));
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
    const execS = num(result.execution_time);
    const rawPrice = receipt ? toPlainJson(receipt.price ?? null) : null;
    const price = typeof rawPrice === 'number' ? tryParseDecimal(rawPrice) : null;
    const verdict = async (): Promise<ReceiptVerdict> => (!receipt ? { ok: false, reason: 'the network sent no receipt' } : o.verifyReceipt ? o.verifyReceipt(receipt, job.job_id) : { ok: null, reason: 'no receipt verifier' });
    const payment = lock ? await settleAndTell(job, requestId, model, lock, signer, verdict) : undefined;
    return {
      ...(payment ? { payment } : {}),
      jobId: job.job_id,
      minerId: job.assigned_miner_id ?? (typeof receipt?.provider === 'string' ? receipt.provider : null),
      model: typeof result.model === 'string' ? result.model : model,
      output: typeof result.output === 'string' ? result.output : JSON.stringify(result.output ?? ''),
      ...(typeof result.thinking === 'string' ? { thinking: result.thinking } : {}),
      ...(Array.isArray(result.tool_calls) ? { toolCalls: result.tool_calls as NetworkInferenceResult['toolCalls'] } : {}),
      promptTokens: num(result.prompt_tokens),
      evalTokens: num(result.tokens_processed),
      durationMs: Math.round(execS * 1000),
      // What the chain moved (the escrowed amount), not the receipt's price claim; nothing when a payment was asked for
      // and none was escrowed (never book spend that was never charged); the receipt's price only on an unpaid network
      costAit: payment ? payment.amountAit : asked ? '0' : price,
      receipt: receipt ?? null,
    };
  }

  /**
   * The caller hung up after the job was created: cancel it, then read it once. A job that completed anyway is
   * finished (paid and settled as usual; the engine books it and tells the caller it was canceled); otherwise the
   * error says what became of its escrow (refunded, or still locked: the ledger keeps the reservation for resume).
   */
  async function abandon(jobId: string, model: string, lock: NetworkPayment | null, pay: PaymentDeps, requestId: string, asked: boolean): Promise<NetworkInferenceResult> {
    const canceled = await o.client.cancelJob(jobId, { timeoutMs: 5_000 }).catch(() => null);
    const now = await o.client.getJob(jobId, { timeoutMs: 5_000 }).catch(() => canceled);
    if (now?.state === 'COMPLETED') return finish(now, model, lock, pay, requestId, asked).catch(async (e: unknown) => Promise.reject(await withPayment(toNetworkError(e, jobId), jobId, lock, pay)));
    const err = new NetworkError('canceled', 'Canceled by the caller; the job was canceled on the network', undefined, jobId);
    throw await withPayment(err, jobId, lock, pay);
  }

  /** A failure after the lock carries the payment as it stands now (a refund still leaves the lock fee paid). */
  async function withPayment(err: NetworkError, jobId: string | undefined, lock: NetworkPayment | null, pay: PaymentDeps): Promise<NetworkError> {
    if (!lock || !jobId || err.payment) return err;
    return new NetworkError(err.code, err.message, err.retryAfterMs, err.jobId ?? jobId, err.minerId, await paymentNow(pay, jobId, lock));
  }

  return {
    health: () => health,
    offers,
    async probe(signal) {
      try {
        await o.client.health({ signal, timeoutMs: 5_000 });
        setHealth('ok', 'Coordinator reachable');
      } catch (err) {
        if (err instanceof AitbcError && err.status === 429) setHealth('degraded', 'Rate limited by the coordinator');
        else setHealth('down', err instanceof Error ? err.message : String(err));
      }
      return health;
    },
    inflight: () => inflight,
    async run(req, hooks) {
      const deadline = Date.now() + req.ttlSeconds * 1000 + 30_000;
      let jobId: string | undefined;
      let lock: NetworkPayment | null = null;
      // Calls that can move money (the job POST, the lock, accept/reject) never take the client's signal: a hang-up
      // lets them finish, and then the job is canceled or settled (issue #14). Only waiting is cut short.
      const pay: PaymentDeps = { client: o.client, signer: o.signer ?? (async () => null) };
      const aborted = () => hooks.signal.aborted;
      let abandoned = false;
      let asked = false; // a payment was asked for: without an escrow nothing is booked
      const leave = (id: string) => ((abandoned = true), abandon(id, req.model, lock, pay, req.requestId, asked));
      track(req.minerId, 1);
      try {
        const { constraints, offerId, offerQuantity, paymentAmount } = await constraintsFor(req);
        if (aborted()) throw new NetworkError('canceled', 'Canceled by the caller before the job was sent');
        asked = paymentAmount !== null;
        const buyer = paymentAmount ? ((await pay.signer())?.address ?? o.client.address) : o.client.address;
        const job = await submitJobOnce(
          o.client,
          o.intents,
          { payload: inferencePayload(req), constraints, ttlSeconds: req.ttlSeconds, paymentAmount, buyerAddress: buyer, ...(offerId ? { offerId, offerQuantity } : {}) },
          { network: o.network, requestId: req.requestId, ...(o.listStaleMs !== undefined ? { listStaleMs: o.listStaleMs } : {}) },
        );
        jobId = job.job_id;
        hooks.onJobCreated?.(jobId);
        if (aborted()) return await leave(job.job_id);
        lock = paymentAmount ? await secureJobPayment(pay, job, req.paymentAmountAit ?? paymentAmount) : null;
        if (lock) tell(job, req.requestId, req.model, lock);
        if (aborted()) return await leave(job.job_id);
        const done = await waitForTerminal(o.client, jobId, { signal: hooks.signal, deadline, ...(o.poll ? { backoff: o.poll } : {}), ...(req.progressDeadline && (!req.paymentAmountAit || o.cancelRefunds) ? { progress: req.progressDeadline } : {}) });
        setHealth('ok', 'Coordinator reachable');
        return await finish(done, req.model, lock, pay, req.requestId, asked);
      } catch (err) {
        if (err instanceof JobStalled && !aborted()) {
          const held = lock;
          return await cancelStalled(o.client, err, req.minerId, (job) => finish(job, req.model, held, pay, req.requestId, asked)).catch(async (e: unknown) => {
            throw await withPayment(toNetworkError(e, jobId), jobId, held, pay);
          });
        }
        if (aborted() && jobId && !abandoned) return await leave(jobId);
        if (err instanceof AitbcError && err.kind === 'timeout' && jobId) await o.client.cancelJob(jobId, { timeoutMs: 5_000 }).catch(() => undefined);
        throw await withPayment(toNetworkError(err, jobId), jobId, lock, pay);
      } finally {
        track(req.minerId, -1);
      }
    },
  };
}
