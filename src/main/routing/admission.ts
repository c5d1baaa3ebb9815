/**
 * The engine's port to spend control: before a paid network request is sent, its worst-case cost is
 * reserved; afterwards the reservation is settled to the actual cost or released. The wallet feature
 * (src/main/wallet/) provides the real implementation; `allowAllAdmission` stands in until then.
 */

export interface AdmissionRequest {
  requestId: string;
  agentId: string;
  model: string;
  minerId: string | null;
  pricePer1kTokensAit: string;
  /** Worst case: prompt estimate + max output tokens. */
  maxTokens: number;
}

export interface Reservation {
  readonly id: string;
  /** Reserved worst-case amount (AIT, decimal string). */
  readonly amountAit: string;
  /**
   * Settle to what the network charged (`feeAit`: the chain fee the wire took, when it says); the difference returns to
   * the budget. Never booked above the reservation: an excess is capped, disputed and pauses the agent's network spend.
   */
  settle(actualAit: string, ref: { jobId: string; receiptId?: string; feeAit?: string | null; note?: string }): void;
  /** Give everything back (failure, cancel, expiry, lost race with nothing billed). */
  release(reason: string): void;
}

export type AdmissionDecision =
  | { ok: true; reservation: Reservation }
  | {
      ok: false;
      /** Sent to OpenClaw as HTTP 429 with this message. */
      code: 'budget_exhausted' | 'over_price_cap' | 'approval_denied' | 'approval_timeout' | 'wallet_locked';
      message: string;
    };

export interface Admission {
  /** Remaining budget for the agent (null = unlimited): an input to the planner. */
  headroomAit(agentId: string): string | null;
  /** May wait for the person's approval; the signal aborts the wait (and denies). */
  admit(req: AdmissionRequest, signal: AbortSignal): Promise<AdmissionDecision>;
}

/** Admits everything at zero cost bookkeeping: the stand-in until the wallet feature is wired. */
export const allowAllAdmission: Admission = {
  headroomAit: () => null,
  admit: async (req) => ({
    ok: true,
    reservation: { id: `noop-${req.requestId}`, amountAit: '0', settle() {}, release() {} },
  }),
};
