import type { earnCalls } from '../../shared/contract/earn';
import type { Feature } from '../feature';
import type { EarningsForReconcile } from './earnings-book';
import type { MonitorService } from '../monitor/port';
import type { OllamaApi, OllamaState } from '../ollama/port';

/** The active network as earn mode needs it, or why there is none to mine on. */
export type EarnNetwork =
  | { ok: true; network: string; coordinatorUrl: string; marketplaceUrl: string; chainUrl: string | null; devnetMinerKey: string | null; clientAddress: string | null }
  | { ok: false; network: string; problem: string };

/** A receipt's verdict: valid, invalid (with why), or cannot tell (no key pinned for this network). */
export interface EarnReceiptVerdict {
  ok: boolean | null;
  reason?: string;
}

/** What earn mode uses of other features (joined in adapters/earn-wiring.ts). */
export interface EarnDeps {
  network(): EarnNetwork;
  /** Whether ClawGrid itself submitted this job (its job ids, the request ids it sent). */
  ownsJob(jobId: string, requestId: string | null): boolean;
  /** The wallet's address (the default payout and one of "our" buyer identities); null when none is set up. */
  walletAddress(): Promise<string | null>;
  ollama: Pick<OllamaState, 'snapshot'> & { api: Pick<OllamaApi, 'chat' | 'generate'> };
  monitor: Pick<MonitorService, 'snapshot'>;
  /** The person's own requests in flight through the provider that run on this machine. */
  localInflight(): number;
  verifyReceipt(receipt: unknown): Promise<EarnReceiptVerdict>;
  /** Timers (tests shorten them). */
  pollMs?: number;
  heartbeatMs?: number;
  settleMs?: number;
  /** The local hour (tests pin it); default the machine's clock. */
  localHour?: () => number;
}

/** The earn feature: `earn.*` handlers, and its miner ids (so the engine never buys from itself). */
export interface EarnFeature extends Feature<typeof earnCalls> {
  /** Miner ids this machine registers under (empty while earn mode never ran). */
  ownMinerIds(): readonly string[];
  /** The payout address earnings go to (as registered, else the setting), null when none is known yet. */
  payoutAddress(): string | null;
  /** The earnings journal as reconciliation compares it (wallet's EarningsBook, adapters/earn-wiring.ts). */
  readonly earnings: EarningsForReconcile;
}
