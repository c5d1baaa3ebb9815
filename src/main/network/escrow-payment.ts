import { compareDecimals, formatAmount, parseAmount, tryParseDecimal } from '../../shared/domain/decimal';
import { aitToUnits, escrowLockFee, unitsToAtto } from '../../shared/domain/escrow-lock';
import { type AitbcClient, type EscrowSigner, type JobView, signEscrowLock, type V025Payment } from '../aitbc/port';
import { NetworkError, type NetworkPayment } from '../routing/port';

/**
 * Paying for one network job, from the coordinator's and the chain's word (aitbc-v0.25.md §1 A/B, §3):
 * - c27c654: the server escrows at submit (`payment_status: "escrowed"`) and releases on the result.
 * - v0.25: the job waits unpaid; ClawGrid signs the ESCROW_LOCK with the wallet's key (node wallet from the
 *   chain's `/health` `proposer_id`, nonce from `/rpc/account/{addr}`, fee `max(36, units // 100)`) and
 *   sends it with `POST /v1/payments`; after the result it accepts only a receipt that verifies, else rejects.
 * The wire is told by what the server answers, never assumed.
 */

/** The verdict on a receipt before its payment is released: `null` when it cannot be checked here (no pinned key). */
export type ReceiptVerdict = { ok: true } | { ok: false; reason: string } | { ok: null; reason: string };

export interface PaymentDeps {
  client: AitbcClient;
  /** The wallet's key (the person's), or null when none is imported/unlocked. */
  signer: () => Promise<EscrowSigner | null>;
  signal?: AbortSignal;
}

const isV025Job = (j: JobView) => typeof j.node_wallet_address === 'string' || (j.payment_amount != null && !j.payment_id);
export const paymentState = (status: string | null | undefined): NetworkPayment['state'] => {
  switch (status) {
    case 'escrowed': return 'locked';
    case 'pending_acceptance': return 'awaiting_acceptance';
    case 'released': return 'released';
    case 'disputed': return 'disputed';
    case 'refunded': return 'refunded';
    default: return 'failed'; // settlement_failed, skipped, pending, unknown
  }
};

/** Cancels the job (it must not run unpaid) and fails with a message a person understands. */
async function refuse(d: PaymentDeps, job: JobView, message: string): Promise<never> {
  await d.client.cancelJob(job.job_id, { timeoutMs: 5_000 }).catch(() => undefined);
  throw new NetworkError('rejected', message, undefined, job.job_id);
}

/**
 * Secures the payment of a just-created job; `reservedAit` is what the ledger holds for it. Returns the lock
 * as the chain recorded it, or null when the job is unpaid. Throws (after canceling the job) when it cannot be paid.
 */
export async function secureJobPayment(d: PaymentDeps, job: JobView, reservedAit: string): Promise<NetworkPayment | null> {
  if (job.payment_status === 'skipped') {
    // G4 (client.py): the coordinator will not escrow it and never dispatches it (e.g. below its 0.01 AIT minimum)
    return refuse(d, job, `The GPU network refused this payment of ${reservedAit} AIT (AITBC accepts payments of at least 0.01 AIT and at most 1,000,000); the job was not run and nothing was charged.`);
  }
  if (job.payment_status === 'escrowed' && !isV025Job(job)) {
    const p = await d.client.getPayment(job.job_id, { signal: d.signal });
    return { wire: 'c27c654', state: 'locked', amountAit: p?.amount ?? reservedAit, feeAit: null, lockTx: p?.transaction_hash ?? null, releaseTx: null, refundTx: null };
  }
  if (!isV025Job(job)) {
    if (job.payment_status == null) return null;
    // c27c654 `pending`: no escrow (endpoint unreachable, rejected, no address): the job would run unpaid
    return refuse(d, job, `The GPU network did not escrow this payment (status ${job.payment_status}); the job was canceled and nothing was charged.`);
  }
  return lockV025(d, job, reservedAit);
}

/** Locks still being signed and sent, per buyer: one at a time, so each reads the nonce the previous one left. */
const lockQueues = new Map<string, Promise<unknown>>();
function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = lockQueues.get(key) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  const tail = run.catch(() => undefined);
  lockQueues.set(key, tail);
  void tail.then(() => lockQueues.get(key) === tail && lockQueues.delete(key));
  return run;
}

/** The states of a v0.25 payment whose lock is on the chain (the buyer has paid into escrow, or beyond). */
const LOCKED = new Set(['escrowed', 'pending_acceptance', 'released', 'disputed', 'refunded']);

/** The lock's amount is the job's truncated to chain units (1/36,000,000 AIT): a difference below this is rounding. */
const UNIT_ROUNDING = 10n ** 12n; // 0.000001 AIT

async function lockV025(d: PaymentDeps, job: JobView, reservedAit: string): Promise<NetworkPayment> {
  const signer = await d.signer();
  if (!signer) return refuse(d, job, 'Paying on this network needs your wallet: import or unlock it on the Wallet page. Nothing was paid.');
  return oneAtATime(signer.address.toLowerCase(), () => lockOnce(d, job, reservedAit, signer));
}

/** What the chain holds for a lock already made (a retry of the same job): never signed twice (the server says 409). */
async function priorLock(d: PaymentDeps, job: JobView, perAit: bigint): Promise<NetworkPayment | null> {
  const p = await d.client.v025.payment(job.job_id, { signal: d.signal, timeoutMs: 10_000 }).catch(() => null);
  if (!p || !LOCKED.has(p.status)) return null;
  const units = aitToUnits(parseAmount(p.amount), perAit);
  const ait = (u: bigint) => formatAmount(unitsToAtto(u, perAit));
  return { wire: 'v025', state: paymentState(p.status), amountAit: ait(units), feeAit: ait(escrowLockFee(units)), lockTx: p.lock_tx_hash ?? p.transaction_hash ?? null, releaseTx: p.release_tx_hash ?? null, refundTx: p.refund_transaction_hash ?? null };
}

async function lockOnce(d: PaymentDeps, job: JobView, reservedAit: string, signer: EscrowSigner): Promise<NetworkPayment> {
  const o = { signal: d.signal, timeoutMs: 10_000 };
  const amount = job.payment_amount ?? null;
  if (amount === null) return refuse(d, job, 'The GPU network did not say what this job costs; nothing was paid.');
  // The server sets the price from the offer (G1): never lock more than the ledger reserved.
  if (compareDecimals(amount, reservedAit) > 0) return refuse(d, job, `The network priced this job at ${amount} AIT, more than the ${reservedAit} AIT reserved for it; nothing was paid.`);
  const health = await d.client.v025.chainHealth(o);
  const perAit = health.units_per_ait;
  // Units are read from the network, never guessed (3,600 vs 36,000,000 is a 10,000× mistake)
  if (!perAit) return refuse(d, job, 'The chain did not say how many units make one AIT, so ClawGrid will not sign a payment on it. Nothing was paid.');
  const prior = job.payment_id || LOCKED.has(job.payment_status ?? '') ? await priorLock(d, job, BigInt(perAit)) : null;
  if (prior) return prior;
  const nodeWallet = job.node_wallet_address ?? health.proposer_id;
  const provider = job.provider_address ?? null;
  if (!nodeWallet || !provider) return refuse(d, job, 'The network did not name its escrow wallet or the payee; nothing was paid.');
  const account = await d.client.v025.chainAccount(signer.address, o);
  if (!account) return refuse(d, job, `Your wallet ${signer.address} has no account on this chain yet; fund it first. Nothing was paid.`);
  const units = aitToUnits(parseAmount(amount), BigInt(perAit));
  const fee = escrowLockFee(units);
  const lock = { buyer: signer.address.toLowerCase(), nodeWallet: nodeWallet.toLowerCase(), units, fee, nonce: account.nonce, chainId: health.chain_id ?? account.chain_id ?? '', jobId: job.job_id, provider: provider.toLowerCase() };
  if (account.balance < units + fee) return refuse(d, job, `Your wallet holds ${account.balance} units; this job needs ${units + fee} (payment + chain fee). Nothing was paid.`);
  const signature = await signEscrowLock(signer, lock);
  let paid: V025Payment;
  try {
    paid = await d.client.v025.createPayment({
      job_id: job.job_id, amount, currency: 'AITBC', payment_method: 'aitbc_token', buyer_address: lock.buyer, provider_address: lock.provider,
      buyer_lock_signature: signature, buyer_lock_nonce: lock.nonce, buyer_lock_fee: Number(fee), escrow_timeout_seconds: 3600,
      ...(job.offer_id ? { offer_id: String(job.offer_id) } : {}),
    }, o);
  } catch (err) {
    // An answer lost on the way back, or a lock another attempt made: the chain's word, not a second signature
    const made = await priorLock(d, job, BigInt(perAit));
    if (made) return made;
    return refuse(d, job, `The network refused the escrow lock: ${err instanceof Error ? err.message : String(err)}. Nothing was paid.`);
  }
  const ait = (u: bigint) => formatAmount(unitsToAtto(u, BigInt(perAit)));
  return { wire: 'v025', state: paymentState(paid.status), amountAit: ait(units), feeAit: ait(fee), lockTx: paid.lock_tx_hash ?? paid.transaction_hash ?? null, releaseTx: null, refundTx: null };
}

/**
 * After the result: on v0.25 accept only when the receipt verifies (then the escrow is released), reject with
 * the reason when it does not (→ `disputed`, not paid), and leave the window open when it cannot be checked.
 * Returns the payment as the coordinator then reports it.
 */
export async function settleJobPayment(d: PaymentDeps, job: JobView, lock: NetworkPayment, verdict: () => Promise<ReceiptVerdict>): Promise<NetworkPayment> {
  const o = { signal: d.signal, timeoutMs: 10_000 };
  if (lock.wire === 'c27c654') {
    const p = await d.client.getPayment(job.job_id, o);
    return { ...lock, state: paymentState(p?.status), amountAit: p?.amount ?? lock.amountAit, refundTx: p?.refund_transaction_hash ?? null };
  }
  let reason: string | undefined;
  // A hard limit is a hard limit: a payment the coordinator reports above the signed lock is disputed, never accepted
  const asked = job.payment_status === 'pending_acceptance' ? await d.client.v025.payment(job.job_id, o).catch(() => null) : null;
  if (asked && tryParseDecimal(asked.amount) !== null && parseAmount(asked.amount, { round: 'truncate' }) - parseAmount(lock.amountAit) > UNIT_ROUNDING) {
    reason = `The network asks ${asked.amount} AIT for a job whose signed lock is ${lock.amountAit} AIT`;
    await d.client.v025.reject(job.job_id, reason.slice(0, 2000), o);
  } else if (job.payment_status === 'pending_acceptance') {
    const v = await verdict();
    if (v.ok === true) await d.client.v025.accept(job.job_id, o);
    else if (v.ok === false) {
      reason = `The receipt failed verification: ${v.reason}`;
      await d.client.v025.reject(job.job_id, reason.slice(0, 2000), o);
    } else reason = `Not accepted yet: ${v.reason}; the network releases the payment when its acceptance window ends`;
  }
  const p = await d.client.v025.payment(job.job_id, o);
  const now: NetworkPayment = { ...lock, state: paymentState(p?.status ?? job.payment_status), releaseTx: p?.release_tx_hash ?? null, refundTx: p?.refund_transaction_hash ?? null, ...(reason ? { reason } : {}) };
  if (now.state === 'disputed') throw new NetworkError('failed', `${reason ?? 'The payment is disputed'}. The job was rejected and the miner was not paid; the escrow stays locked until the network's operator rules on the dispute.`, undefined, job.job_id, undefined, now);
  return now;
}

/**
 * The payment of a locked job as the coordinator reports it now (after a cancel or a failure: refunded, still locked…).
 * Unreadable → `locked`: the ledger keeps the reservation held until start-up resume or reconciliation knows.
 */
export async function paymentNow(d: PaymentDeps, jobId: string, lock: NetworkPayment): Promise<NetworkPayment> {
  const o = { timeoutMs: 5_000 };
  try {
    if (lock.wire === 'c27c654') {
      const p = await d.client.getPayment(jobId, o);
      return { ...lock, state: paymentState(p?.status), refundTx: p?.refund_transaction_hash ?? null };
    }
    const p = await d.client.v025.payment(jobId, o);
    return { ...lock, state: p ? paymentState(p.status) : 'locked', releaseTx: p?.release_tx_hash ?? null, refundTx: p?.refund_transaction_hash ?? null };
  } catch {
    return { ...lock, state: 'locked' };
  }
}
