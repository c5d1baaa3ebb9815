import type { CallOutput } from '../../shared/contract/calls';
import type { networkCalls, JobPaymentView, PaymentState } from '../../shared/contract/network';
import type { z } from 'zod';
import type { AitbcClient, V025Payment } from '../aitbc/port';
import type { EventHub } from '../events/event-hub';
import type { Logger } from '../log/logger';
import type { NetworkPayment } from '../routing/port';
import type { Db } from '../store/database';
import { createPaymentStore, OPEN_STATES, type PaymentNote, type PaymentStore } from './payment-store';

/**
 * Every network job's payment, durable and current: the network runtime notes each payment as it moves (lock,
 * settle, dispute); while some can still change by the coordinator's hand (a window that ends releases the escrow,
 * a cancel refunds it) a timer asks `GET /v1/jobs/{id}/payment` about them, and every change is announced with
 * `network.payments`. Disputed ones change only when the network's operator rules: they are asked about on request.
 */
export interface PaymentBook {
  readonly store: PaymentStore;
  /** The runtime's hook: records the job's payment as it stands now. */
  note(note: PaymentNote): void;
  /** Asks the active network about its open payments (and the disputed ones with `withDisputed`); resolves when done. */
  refresh(opts?: { withDisputed?: boolean; jobIds?: readonly string[] }): Promise<void>;
  /** The `network.payments` call: refreshes first when asked, then reads the stored payments. */
  answer(q: PaymentsQuery): Promise<{ payments: JobPaymentView[] }>;
  /** Arms the timer when open payments exist (after a restart too). */
  start(): void;
  stop(): void;
}

/** The coordinator's `payment_status` / payment `status` words (aitbc-v0.25.md §1 B), as ClawGrid's states. */
const FROM_WIRE: Readonly<Record<string, PaymentState>> = {
  escrowed: 'locked',
  pending_acceptance: 'awaiting_acceptance',
  released: 'released',
  disputed: 'disputed',
  refunded: 'refunded',
  settlement_failed: 'failed',
  skipped: 'failed',
};

/**
 * What the coordinator's payment view says about a stored payment: null when it says nothing usable (unknown job,
 * or a status word this client does not know: the stored state is kept rather than guessed).
 */
export function paymentFromView(prev: JobPaymentView, seen: V025Payment | null): NetworkPayment | null {
  const state = seen ? FROM_WIRE[seen.status] : undefined;
  if (!seen || !state) return null;
  const lockTx = prev.lockTx ?? seen.lock_tx_hash ?? seen.transaction_hash ?? null;
  // c27c654 has no release field: its `transaction_hash` becomes the release transfer once released (escrow_routes.py)
  const oldWireRelease = prev.wire === 'c27c654' && state === 'released' && seen.transaction_hash && seen.transaction_hash !== lockTx ? seen.transaction_hash : null;
  const reason = seen.dispute_reason ?? prev.reason;
  return {
    wire: prev.wire,
    state,
    amountAit: prev.amountAit,
    feeAit: prev.feeAit,
    lockTx,
    releaseTx: seen.release_tx_hash ?? oldWireRelease ?? prev.releaseTx,
    refundTx: seen.refund_transaction_hash ?? prev.refundTx,
    ...(reason ? { reason } : {}),
  };
}

type PaymentsQuery = z.output<(typeof networkCalls)['network.payments']['input']>;

export interface PaymentBookOptions {
  db: Db;
  hub: EventHub;
  log: Logger;
  /** The active network and its logged-in client; null while off or switching. */
  active: () => { network: string; client: AitbcClient } | null;
  /** How often open payments are asked about (default 15 s). */
  refreshMs?: number;
}

export function createPaymentBook(o: PaymentBookOptions): PaymentBook {
  const store = createPaymentStore(o.db);
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<void> | null = null;
  const announce = () => o.hub.publish('network.payments', { at: Date.now(), disputed: store.count(['disputed']) });
  const disarm = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  const arm = () => {
    if (timer || store.count(OPEN_STATES) === 0) return;
    // a tick while a pass still runs (a slow coordinator) is skipped, never queued
    const tick = () => (running ? undefined : void book.refresh().catch((err: unknown) => o.log.warn('network.payment_refresh_failed', { err: String(err) })));
    timer = setInterval(tick, o.refreshMs ?? 15_000);
    timer.unref();
  };

  async function ask(states: readonly PaymentState[], jobIds?: readonly string[]): Promise<void> {
    const a = o.active();
    if (!a) return;
    let changed = false;
    const due = store.list(jobIds ? { jobIds, limit: 500 } : { states, limit: 500 }).filter((p) => p.network === a.network && states.includes(p.state));
    for (const p of due) {
      try {
        const seen = await a.client.v025.payment(p.jobId, { timeoutMs: 5_000 });
        changed = store.checked(p.network, p.jobId, paymentFromView(p, seen)) || changed;
      } catch (err) {
        o.log.debug('network.payment_refresh_failed', { jobId: p.jobId, err: String(err) });
      }
    }
    if (changed) announce();
  }

  const book: PaymentBook = {
    store,
    note(n) {
      if (store.put(n)) announce();
      if (OPEN_STATES.includes(n.payment.state)) arm();
      // Settled without its transaction (c27c654 names the release only in the payment view): ask once for it.
      const p = n.payment;
      if ((p.state === 'released' && !p.releaseTx) || (p.state === 'refunded' && !p.refundTx)) {
        void ask([p.state], [n.jobId]).catch((err: unknown) => o.log.debug('network.payment_refresh_failed', { jobId: n.jobId, err: String(err) }));
      }
    },
    refresh(opts = {}) {
      // one pass at a time; a caller asking meanwhile waits for it and then gets its own
      const prior = running ?? Promise.resolve();
      const pass = prior.then(() => ask(opts.withDisputed ? [...OPEN_STATES, 'disputed'] : OPEN_STATES, opts.jobIds)).finally(() => {
        if (running === pass) running = null;
        if (store.count(OPEN_STATES) === 0) disarm();
      });
      running = pass;
      return pass;
    },
    async answer({ jobIds, states, limit, refresh }): Promise<CallOutput<'network.payments'>> {
      if (refresh) await book.refresh({ withDisputed: true, ...(jobIds ? { jobIds } : {}) });
      return { payments: store.list({ ...(jobIds ? { jobIds } : states ? { states } : {}), limit }) };
    },
    start: arm,
    stop: disarm,
  };
  return book;
}
