import { spendPolicySchema, walletPolicySchema, type SpendPolicy, type WalletPolicy } from '../../shared/contract/wallet';
import type { Db } from '../store/database';

/** Agent id whose row holds the defaults for agents without their own policy. */
export const DEFAULTS_ID = '*';
const WALLET_ID = '@wallet';

/** Safe defaults: a daily budget, and anything above 1 AIT per request waits for approval. */
export function defaultSpendPolicy(timeZone: string): SpendPolicy {
  return {
    hardLimitAit: '10',
    softLimitAit: '8',
    period: { kind: 'daily', timeZone },
    modelCapsAit: {},
    maxPricePer1kAit: null,
    approvalThresholdAit: '1',
    approveOnSoftLimit: false,
  };
}

/** No network budget at all (hard limit 0): what the built-in default agent starts with on a new data dir. */
export function noNetworkBudgetPolicy(timeZone: string): SpendPolicy {
  return { ...defaultSpendPolicy(timeZone), hardLimitAit: '0', softLimitAit: null };
}

export function defaultWalletPolicy(timeZone: string): WalletPolicy {
  return { limitAit: null, period: { kind: 'monthly', timeZone }, lowBalanceAit: '5', approvalTimeoutS: 120 };
}

/** Spend policies in SQLite, cached in memory (admission reads them on every request). */
export interface SpendPolicies {
  forAgent(agentId: string): { policy: SpendPolicy; custom: boolean };
  defaults(): SpendPolicy;
  wallet(): WalletPolicy;
  /** Agents with their own policy. */
  agentIds(): string[];
  set(agentId: string, policy: SpendPolicy | null): void;
  setWallet(policy: WalletPolicy): void;
  onChange(listener: () => void): () => void;
}

export function createSpendPolicies(db: Db, opts: { timeZone?: string } = {}): SpendPolicies {
  const tz = opts.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const listeners = new Set<() => void>();
  let cache: Map<string, SpendPolicy> | null = null;
  let walletCache: WalletPolicy | null = null;

  const load = () => {
    const map = new Map<string, SpendPolicy>();
    walletCache = null;
    for (const row of db.prepare<[], { agent_id: string; policy: string }>('SELECT agent_id, policy FROM spend_policies').all()) {
      let json: unknown;
      try {
        json = JSON.parse(row.policy);
      } catch {
        continue;
      }
      if (row.agent_id === WALLET_ID) {
        const p = walletPolicySchema.safeParse(json);
        if (p.success) walletCache = p.data;
      } else {
        const p = spendPolicySchema.safeParse(json);
        if (p.success) map.set(row.agent_id, p.data);
      }
    }
    cache = map;
    return map;
  };
  const all = () => cache ?? load();
  const write = (id: string, value: unknown) => {
    db.prepare(
      `INSERT INTO spend_policies (agent_id, policy, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (agent_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at`,
    ).run(id, JSON.stringify(value), new Date().toISOString());
  };
  const changed = () => {
    cache = null;
    for (const l of listeners) l();
  };

  return {
    forAgent(agentId) {
      const own = all().get(agentId);
      if (own && agentId !== DEFAULTS_ID) return { policy: own, custom: true };
      return { policy: all().get(DEFAULTS_ID) ?? defaultSpendPolicy(tz), custom: false };
    },
    defaults: () => all().get(DEFAULTS_ID) ?? defaultSpendPolicy(tz),
    wallet() {
      all();
      return walletCache ?? defaultWalletPolicy(tz);
    },
    agentIds: () => [...all().keys()].filter((id) => id !== DEFAULTS_ID),
    set(agentId, policy) {
      if (policy === null) {
        if (agentId === DEFAULTS_ID) throw new Error('The defaults cannot be removed, only changed');
        db.prepare('DELETE FROM spend_policies WHERE agent_id = ?').run(agentId);
      } else {
        write(agentId, spendPolicySchema.parse(policy));
      }
      changed();
    },
    setWallet(policy) {
      write(WALLET_ID, walletPolicySchema.parse(policy));
      changed();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
