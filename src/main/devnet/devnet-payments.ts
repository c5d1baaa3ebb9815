import { randomUUID } from 'node:crypto';
import { isJsonObject, parseJsonLossless, type JsonObject } from '../../shared/domain/canonical-json';
import { compareDecimals, formatAmount, mulAmount, parseAmount, tryParseDecimal } from '../../shared/domain/decimal';
import type { ChainAccounts } from './devnet-chain';
import { DEVNET_CHAIN_ID } from './devnet-chain';
import type { DevnetDb } from './devnet-db';
import { detail } from './http-util';
import { ESCROW_ADDRESS, type Ledger } from './ledger';
import { minerCaps, type MinerRow } from './devnet-matching';
import { aitToUnits, escrowLockFee, escrowLockTx } from '../../shared/domain/escrow-lock';
import { DEFAULT_ACCEPTANCE_WINDOW_S, DEVNET_NODE_WALLET, MAX_ACCEPTANCE_WINDOW_S, recoverTxSigner, txSigningHash } from './devnet-wire';

/**
 * The v0.25 payment book (aitbc-v0.25.md §1 A/B): a priced job waits for the buyer's signed ESCROW_LOCK
 * (`POST /v1/payments`, or `buyer_lock_*` on `POST /v1/jobs`) and is not dispatched until escrowed (G4); the
 * result opens the acceptance window (G3): `pending_acceptance` → accept → `released` | reject → `disputed`,
 * or the window expires and the sweeper releases. Sources: contexts/infrastructure/routers/client.py
 * @e39b53f41d39, PaymentService._build_escrow_lock_tx (id 57935042327), contexts/payments/acceptance.py @164ab38e2786.
 */

export interface JobTerms { job_id: string; payment_amount: string; buyer: string; provider: string | null; offer_id: string | null; offer_quantity: string | null }
interface LockRow { job_id: string; payment_id: string; units: string; fee_units: string; status: string; provider: string; buyer: string; lock_tx: string; release_tx: string | null; refund_tx: string | null; deadline_ms: number | null; reason: string | null; created_at: string; updated_at: string }

export interface LockInput { jobId: string; amount: string | number; buyer: string | null; provider: string | null; signature: string; nonce: number | null; fee: number | null }
/** The coordinator's minimum payment (aitbc.md §4.2, "Minimum payment amount is 0.01 AITBC"). */
export const MIN_PAYMENT_AIT = '0.01';

const iso = (ms: number) => new Date(ms).toISOString();
const hashOf = (kind: string, jobId: string, at: number) => `0x${Buffer.from(`${kind}:${jobId}:${at}:${randomUUID()}`).toString('hex').padEnd(64, '0').slice(0, 64)}`;

export function createV025Payments(db: DevnetDb, ledger: Ledger, chain: ChainAccounts, acceptanceWindowS: number) {
  const putTerms = db.prepare('INSERT INTO job_terms (job_id, payment_amount, buyer, provider, offer_id, offer_quantity) VALUES (?, ?, ?, ?, ?, ?)');
  const getTerms = db.prepare<[string], JobTerms>('SELECT * FROM job_terms WHERE job_id = ?');
  const getLock = db.prepare<[string], LockRow>('SELECT * FROM escrow_locks WHERE job_id = ?');
  const setLock = db.prepare('UPDATE escrow_locks SET status = ?, updated_at = ?, release_tx = COALESCE(?, release_tx), refund_tx = COALESCE(?, refund_tx), deadline_ms = ?, reason = COALESCE(?, reason) WHERE job_id = ?');
  const setJob = db.prepare('UPDATE jobs SET payment_status = ?, payment_id = COALESCE(?, payment_id) WHERE job_id = ?');
  const offerById = (offerId: string): JsonObject | null => {
    for (const o of db.prepare<[], { body: string }>('SELECT body FROM offers').all()) {
      const v = parseJsonLossless(o.body);
      if (v.ok && isJsonObject(v.value) && v.value.offer_id === offerId) return v.value;
    }
    return null;
  };

  /** `_apply_offer_quote` (client.py): the server sets price and payee from the offer; a disagreeing client gets 400. */
  function quote(offerId: string, quantity: string | null, amount: string | null, provider: string | null): { amount: string; provider: string | null } {
    const offer = offerById(offerId);
    if (!offer || offer.status === 'inactive') throw detail(400, `Offer ${offerId} not found or inactive`);
    const price = tryParseDecimal(offer.price);
    const qty = tryParseDecimal(quantity ?? '1');
    if (price === null || qty === null) throw detail(400, `Offer ${offerId} has no usable price`);
    const total = formatAmount(mulAmount(parseAmount(price), parseAmount(qty)));
    const payee = typeof offer.provider_address === 'string' ? offer.provider_address.toLowerCase() : null;
    if (provider && payee && provider.toLowerCase() !== payee) throw detail(400, 'provider_address does not match the offer');
    if (amount !== null && compareDecimals(amount, total) !== 0) throw detail(400, `payment_amount ${amount} does not match the offer quote ${total}`);
    return { amount: total, provider: payee };
  }

  /** Escrow: the buyer-signed lock moves `units` to escrow and `fee` to the node wallet, checked like the chain. */
  async function lock(l: LockInput, now: number): Promise<LockRow> {
    const t = getTerms.get(l.jobId);
    if (!t) throw detail(400, 'Job has no payment terms');
    const prior = getLock.get(l.jobId);
    if (prior) throw detail(409, `Payment already ${prior.status}`);
    const amount = tryParseDecimal(l.amount);
    if (amount === null || compareDecimals(amount, t.payment_amount) !== 0) throw detail(400, `amount must be the job's payment_amount ${t.payment_amount}`);
    const buyer = (l.buyer ?? t.buyer).toLowerCase();
    const provider = (l.provider ?? t.provider)?.toLowerCase() ?? null;
    // "No buyer or provider address available for escrow; skipping payment" (PaymentService)
    if (!provider) throw detail(400, 'No provider address available for escrow');
    if (t.provider && provider !== t.provider) throw detail(400, 'provider_address does not match the job');
    // "Refusing escrow …: provider address … is the node wallet" (PaymentService)
    if (provider === DEVNET_NODE_WALLET) throw detail(400, 'provider address is the node wallet');
    const units = aitToUnits(parseAmount(amount), chain.unitsPerAit);
    const fee = l.fee !== null ? BigInt(l.fee) : escrowLockFee(units);
    const nonce = l.nonce ?? chain.nonceOf(buyer);
    const tx = escrowLockTx({ buyer, nodeWallet: DEVNET_NODE_WALLET, units, fee, nonce, chainId: DEVNET_CHAIN_ID, jobId: l.jobId, provider });
    const hash = txSigningHash(tx);
    if ((await recoverTxSigner(hash, l.signature)) !== buyer) throw detail(400, 'Escrow lock failed: invalid buyer signature');
    if (fee < escrowLockFee(units)) throw detail(400, `Escrow lock failed: fee ${fee} below ${escrowLockFee(units)}`);
    return db.transaction(() => {
      if (!chain.exists(buyer)) throw detail(400, `Escrow lock failed: account ${buyer} not found`);
      const expected = chain.nonceOf(buyer);
      if (nonce !== expected) throw detail(400, `Escrow lock failed: invalid nonce ${nonce}, expected ${expected}`);
      if (chain.balanceUnits(buyer) < units + fee) throw detail(400, `Escrow lock failed: insufficient balance (${chain.balanceUnits(buyer)} units, needs ${units + fee})`);
      ledger.transfer(buyer, ESCROW_ADDRESS, chain.ait(units), 'escrow_lock', l.jobId);
      ledger.transfer(buyer, DEVNET_NODE_WALLET, chain.ait(fee), 'escrow_lock_fee', l.jobId);
      chain.bumpNonce(buyer, expected);
      const paymentId = randomUUID().replace(/-/g, '');
      db.prepare(`INSERT INTO escrow_locks (job_id, payment_id, units, fee_units, status, provider, buyer, lock_tx, created_at, updated_at) VALUES (?, ?, ?, ?, 'escrowed', ?, ?, ?, ?, ?)`)
        .run(l.jobId, paymentId, units.toString(), fee.toString(), provider, buyer, hash, iso(now), iso(now));
      setJob.run('escrowed', paymentId, l.jobId);
      return getLock.get(l.jobId) as LockRow;
    })();
  }

  function release(jobId: string, now: number): void {
    const p = getLock.get(jobId) as LockRow;
    ledger.transfer(ESCROW_ADDRESS, p.provider, chain.ait(BigInt(p.units)), 'escrow_release', jobId);
    setLock.run('released', iso(now), hashOf('release', jobId, now), null, null, null, jobId);
    setJob.run('released', null, jobId);
  }

  const view = (p: LockRow): JsonObject => ({
    job_id: p.job_id, payment_id: p.payment_id, amount: chain.ait(BigInt(p.units)), currency: 'AITBC', status: p.status, payment_method: 'aitbc_token',
    escrow_address: ESCROW_ADDRESS, refund_address: p.buyer, buyer_address: p.buyer, provider_address: p.provider, created_at: p.created_at, updated_at: p.updated_at,
    released_at: p.status === 'released' ? p.updated_at : null, refunded_at: p.status === 'refunded' ? p.updated_at : null,
    transaction_hash: p.lock_tx, lock_tx_hash: p.lock_tx, release_tx_hash: p.release_tx, refund_transaction_hash: p.refund_tx,
    amount_units: BigInt(p.units), fee_units: BigInt(p.fee_units), acceptance_deadline: p.deadline_ms === null ? null : iso(p.deadline_ms), dispute_reason: p.reason,
  });

  return {
    /** Terms recorded at submit: amount (the offer's quote when bound), buyer, payee. Below the minimum → `skipped`. */
    record(jobId: string, body: { amount: string | null; buyer: string; provider: string | null; offerId: string | null; offerQuantity: string | null }): { status: string | null; terms: JobTerms | null } {
      let amount = body.amount;
      let provider = body.provider?.toLowerCase() ?? null;
      if (body.offerId) ({ amount, provider } = quote(body.offerId, body.offerQuantity, amount, provider));
      if (amount === null || compareDecimals(amount, '0') <= 0) return { status: null, terms: null };
      // G4: an amount the coordinator will not escrow (below 0.01, above 1,000,000) → "skipped", never dispatched
      if (compareDecimals(amount, MIN_PAYMENT_AIT) < 0 || compareDecimals(amount, '1000000') > 0) return { status: 'skipped', terms: null };
      putTerms.run(jobId, amount, body.buyer.toLowerCase(), provider, body.offerId, body.offerQuantity);
      return { status: 'pending', terms: getTerms.get(jobId) as JobTerms };
    },
    terms: (jobId: string) => getTerms.get(jobId) ?? null,
    lock,
    /** A failed lock leaves the job unpaid and undispatched (G4). */
    skip: (jobId: string) => void setJob.run('skipped', null, jobId),
    /** G4 + D3 (commit d80c0dcd5): a priced job runs only once escrowed, and only on a miner whose wallet is the payee. */
    dispatchable(jobId: string, miner: MinerRow): boolean {
      const t = getTerms.get(jobId);
      if (!t) return true;
      const p = getLock.get(jobId);
      if (!p || p.status !== 'escrowed') return false;
      const wallet = minerCaps(miner).wallet_address;
      return !t.offer_id || (typeof wallet === 'string' && wallet.toLowerCase() === p.provider);
    },
    /** After the result: the window opens (job's `constraints.acceptance_window_seconds`, else the default); 0 releases now. */
    onResult(jobId: string, windowS: number | null, now: number): void {
      const p = getLock.get(jobId);
      if (!p || p.status !== 'escrowed') return;
      const w = Math.min(windowS ?? acceptanceWindowS ?? DEFAULT_ACCEPTANCE_WINDOW_S, MAX_ACCEPTANCE_WINDOW_S);
      if (w <= 0) return release(jobId, now);
      setLock.run('pending_acceptance', iso(now), null, null, now + w * 1000, null, jobId);
      setJob.run('pending_acceptance', null, jobId);
    },
    accept(jobId: string, now: number): JsonObject {
      const p = getLock.get(jobId);
      if (!p || p.status !== 'pending_acceptance') throw detail(409, `Payment is ${p?.status ?? 'absent'}, not pending_acceptance`);
      db.transaction(() => release(jobId, now))();
      return view(getLock.get(jobId) as LockRow);
    },
    /** JobRejection{reason} → `disputed`; the bond is not slashed here, an admin rules (D1, commit 650b1bb89). */
    reject(jobId: string, reason: string, now: number): JsonObject {
      const p = getLock.get(jobId);
      if (!p || p.status !== 'pending_acceptance') throw detail(409, `Payment is ${p?.status ?? 'absent'}, not pending_acceptance`);
      setLock.run('disputed', iso(now), null, null, null, reason, jobId);
      setJob.run('disputed', null, jobId);
      return view(getLock.get(jobId) as LockRow);
    },
    /** Cancel, expiry or failure before the result: the escrowed amount goes back; the lock fee stays with the node. */
    refund(jobId: string, now: number): void {
      const p = getLock.get(jobId);
      if (!p || p.status !== 'escrowed') return;
      ledger.transfer(ESCROW_ADDRESS, p.buyer, chain.ait(BigInt(p.units)), 'escrow_refund', jobId);
      setLock.run('refunded', iso(now), null, hashOf('refund', jobId, now), null, null, jobId);
      setJob.run('refunded', null, jobId);
    },
    /** `acceptance_window_sweeper`: an expired window auto-releases. */
    sweep(now: number): void {
      const due = db.prepare<[number], { job_id: string }>("SELECT job_id FROM escrow_locks WHERE status = 'pending_acceptance' AND deadline_ms <= ?").all(now);
      for (const d of due) db.transaction(() => release(d.job_id, now))();
    },
    payment: (jobId: string): JsonObject | null => ((p) => (p ? view(p) : null))(getLock.get(jobId)),
  };
}
export type V025Payments = ReturnType<typeof createV025Payments>;
