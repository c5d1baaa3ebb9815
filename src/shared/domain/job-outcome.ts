/**
 * What became of a paid request's money on the network, from the coordinator's and the chain's word (issue #14):
 * the ledger settles or releases a held reservation by it on start-up and at expiry, never by the clock alone.
 * - `paid`: the chain moved money for it (escrow released or committed, or only a lock fee after a refund);
 *   `feeAit` null = the wire names no fee (c27c654: the ledger's 2.5 % rule).
 * - `unpaid`: nothing was charged (never sent, never created, or canceled/failed with nothing locked).
 * - `open`: a job still runs or its escrow may still move, or the coordinator cannot be asked now: ask again later.
 */
export type JobOutcome =
  | { kind: 'paid'; jobId: string; paymentAit: string; feeAit: string | null; note: string }
  | { kind: 'unpaid'; note: string }
  | { kind: 'open'; note: string };
