import { privateKeyToAccount } from 'viem/accounts';
import type { Hex } from 'viem';
import { parseAmount, formatAmount } from '../../../shared/domain/decimal';
import { createAitbcClient } from '../../aitbc/port';
import { runOnNetwork, type NetworkOutcome } from '../../routing/network-run';
import { openDatabase, type Db } from '../../store/database';
import { createApprovals } from '../../wallet/approvals';
import { createGroupCommit, type GroupCommit } from '../../wallet/group-commit';
import { createLedger } from '../../wallet/ledger';
import { createLedgerAdmission } from '../../wallet/ledger-admission';
import type { Ledger } from '../../wallet/ledger-types';
import { createSpendPolicies, defaultSpendPolicy } from '../../wallet/spend-policies';
import { createAitbcNetworkBackend, type AitbcNetworkBackend } from '../../network/aitbc-network-backend';
import { createJobIntentStore, type JobIntentStore } from '../../network/job-intents';
import { jobOutcome } from '../../network/job-outcome';
import { resumeHeld } from '../../wallet/ledger-resume';

/**
 * Test harness (tests and their child processes only): ClawGrid's money path on one data dir — ledger, group
 * commit, the wallet's admission under one agent's lifetime hard limit, and the AITBC backend paying from a wallet
 * key — against a devnet URL, each request run exactly as the engine runs it (runOnNetwork).
 */
export const MONEY_MODEL = 'llama3.2:3b';
export const MONEY_AGENT = 'burst';
export const MONEY_NETWORK = 'devnet-money';
export const MINER_PRICE = '0.01';

export interface MoneyClientOptions {
  dataDir: string;
  devnetUrl: string;
  loginKey: Hex;
  walletKey: Hex;
  limitAit: string;
  /** The coordinator client's fetch (tests hang up on a request mid-flight with it). */
  fetch?: typeof fetch;
}

export interface MoneyClient {
  db: Db;
  ledger: Ledger;
  commits: GroupCommit;
  intents: JobIntentStore;
  backend: AitbcNetworkBackend;
  walletAddress: string;
  /** One chat request for the burst agent, as the engine sends it. */
  request(requestId: string, signal: AbortSignal, onJob?: (jobId: string) => void): Promise<NetworkOutcome>;
  /** What the ledger booked for the agent: settled payment + fee, minus refunds. */
  /** Start-up recovery: every held reservation against the coordinator's and the chain's word. */
  resume(): Promise<void>;
  spent(): bigint;
  /** Booked spend per job id. */
  spentByJob(): Map<string, bigint>;
  close(): Promise<void>;
}

export const fastPoll = { baseMs: 30, factor: 1.5, maxMs: 200, jitter: 0.2 };

export function openMoneyClient(o: MoneyClientOptions): MoneyClient {
  const startedMs = Date.now();
  const db = openDatabase(o.dataDir);
  const ledger = createLedger(db);
  const commits = createGroupCommit(ledger);
  const policies = createSpendPolicies(db, { timeZone: 'UTC' });
  policies.set(MONEY_AGENT, { ...defaultSpendPolicy('UTC'), hardLimitAit: o.limitAit, softLimitAit: null, approvalThresholdAit: null, period: { kind: 'lifetime' } });
  const admission = createLedgerAdmission({ ledger, commits, policies, approvals: createApprovals(db) });
  const intents = createJobIntentStore(db);
  const client = createAitbcClient({ baseUrl: o.devnetUrl, account: privateKeyToAccount(o.loginKey), timeoutMs: 10_000, ...(o.fetch ? { fetch: o.fetch } : {}) });
  const wallet = privateKeyToAccount(o.walletKey);
  const backend = createAitbcNetworkBackend({ client, intents, network: MONEY_NETWORK, poll: fastPoll, listStaleMs: 0, offersTtlMs: 60_000, cancelRefunds: true, signer: async () => wallet });
  const booked = () => {
    const m = new Map<string, bigint>();
    for (const e of ledger.entries({ limit: 1_000_000 })) {
      if (!e.jobId || (e.kind !== 'settle' && e.kind !== 'fee' && e.kind !== 'refund')) continue;
      const v = parseAmount(e.amount) * (e.kind === 'refund' ? -1n : 1n);
      m.set(e.jobId, (m.get(e.jobId) ?? 0n) + v);
    }
    return m;
  };
  return {
    db,
    ledger,
    commits,
    intents,
    backend,
    walletAddress: wallet.address,
    request: (requestId, signal, onJob) =>
      runOnNetwork({
        backend,
        admission,
        agentId: MONEY_AGENT,
        req: { requestId, model: MONEY_MODEL, messages: [{ role: 'user', content: `hi ${requestId}` }] },
        pricePer1kTokensAit: MINER_PRICE,
        maxOutputTokens: 64,
        ttlSeconds: 120,
        signal,
        onJobCreated: (id) => onJob?.(id),
      }),
    resume: async () => void (await resumeHeld({ ledger, commits, startedMs, outcome: (id) => jobOutcome({ client, intents, network: MONEY_NETWORK, listStaleMs: 0 }, id) })),
    spent: () => [...booked().values()].reduce((a, b) => a + b, 0n),
    spentByJob: booked,
    async close() {
      await commits.flush();
      commits.close();
      db.close();
    },
  };
}

export const fmt = (v: bigint) => formatAmount(v);
