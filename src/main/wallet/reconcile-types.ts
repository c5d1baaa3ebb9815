import type { Amount } from '../../shared/domain/decimal';
import type { ChainEscrow } from './chain-client';

/**
 * What reconciliation compares (ledger ↔ coordinator payments ↔ chain legs) and the seams others implement.
 *
 * Extension point for earnings: every payment carries a `role`. `spend` = we are the buyer (the ledger's
 * reservations and settles); `earning` = we are the provider (edge-miner mode). The source returns both; spends
 * are compared with the ledger here, earnings with whatever books them, through `EarningsBook` — the earn
 * feature implements it and the container hands it to the wallet; without one, earnings are counted, not compared.
 */

export type PaymentRole = 'spend' | 'earning';

/** The coordinator's payment state, both wires mapped onto one set (c27c654 ⊂ v0.25). */
export type RemoteState = 'pending' | 'escrowed' | 'awaiting_acceptance' | 'released' | 'refunded' | 'disputed' | 'failed';

/** The chain's legs of a job's escrow (`GET /rpc/escrow/{job_id}`): what really moved, with its transactions. */
export type ChainLegs = Pick<ChainEscrow, 'state' | 'amountAit' | 'releasedAit' | 'refundedAit' | 'lockTx' | 'releaseTx' | 'refundTx'> & {
  /** Who the escrow pays (or paid). */
  payee: string | null;
};

/** One paid job as the coordinator reports it (`GET /v1/jobs/{id}/payment`), with the chain's legs where readable. */
export interface RemotePayment {
  jobId: string;
  role: PaymentRole;
  /** The payment's amount in AIT (decimal string). */
  amountAit: string;
  state: RemoteState;
  /** The coordinator's own status word (e.g. `pending_acceptance`, `settlement_failed`). */
  status: string;
  receiptId: string | null;
  /** When the coordinator last changed it (released/refunded/updated), ms; null when it does not say. */
  changedAtMs: number | null;
  lockTx: string | null;
  releaseTx: string | null;
  refundTx: string | null;
  /** The chain's view of the escrow; null when the chain holds none, `unavailable` when it could not be read. */
  chain: ChainLegs | null | 'unavailable';
}

/** The answer for the jobs asked about (plus any paid job of ours the coordinator lists that the ledger lacks). */
export interface PaymentLookup {
  /** Which network answered (shown with the run). */
  network: string;
  payments: RemotePayment[];
  /** Jobs the coordinator answered it has no payment for (404). */
  notFound: { jobId: string; role: PaymentRole }[];
  /** Jobs whose lookup failed (not compared this run). */
  failed: { jobId: string; error: string }[];
}

/**
 * The coordinator side of reconciliation. `adapters/network-payment-source.ts` implements it over the network
 * feature's client (both wires) and the chain's escrow view; tests implement it in memory.
 */
export interface PaymentSource {
  /** The connected network, or null while none is: the periodic run waits for one. */
  connected(): string | null;
  /**
   * Payments for these jobs, by role; the source may add paid jobs of ours it finds that the ledger lacks (except
   * `known` ones: already reconciled on every side).
   */
  lookup(q: { spend: readonly string[]; earning: readonly string[]; known?: ReadonlySet<string> }): Promise<PaymentLookup>;
}

/** What books earnings (the earn feature, once it lands): reconciliation compares and appends through it. */
export interface EarningsBook {
  /** Job ids we earned (or expect to earn) for. */
  jobIds(): string[];
  /** The amount booked for a job, null when none. */
  booked(jobId: string): Amount | null;
  /** Append an earning the coordinator/chain paid that the book lacks (never rewrites). */
  appendMissing(p: RemotePayment, note: string): void;
}

/** What a reported mismatch rests on: the coordinator's word, the chain's legs and the ledger's entries. */
export interface MismatchEvidence {
  role: PaymentRole;
  coordinator: { status: string; amountAit: string; lockTx: string | null; releaseTx: string | null; refundTx: string | null } | null;
  chain: ChainLegs | null | 'unavailable';
  ledger: { seq: number; kind: string; amountAit: string; atMs: number }[];
}

export interface ReconcileRunRecord {
  id: number;
  trigger: 'start' | 'timer' | 'button';
  network: string | null;
  startedAtMs: number;
  finishedAtMs: number;
  /** Payments compared. */
  checked: number;
  /** Of those, where ledger, coordinator and (where read) chain agree. */
  matched: number;
  /** Still moving (escrowed, awaiting acceptance, just released): compared on a later run. */
  pending: number;
  appended: number;
  /** Mismatches found in this run (new or still open). */
  mismatches: number;
  /** Lookups that failed (not compared). */
  unchecked: number;
  error: string | null;
}
