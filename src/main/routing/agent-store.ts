import crypto from 'node:crypto';
import { agentPolicySchema, type Agent, type AgentPolicy } from '../../shared/contract/routing';
import { ContractError } from '../../shared/contract/errors';
import type { Db } from '../store/database';

export const DEFAULT_AGENT_ID = 'default';
/** What OpenClaw sends to any Ollama host when no key is configured: not a secret, means "no key". */
export const OPENCLAW_PLACEHOLDER_KEY = 'ollama-local';

/** The built-in agent stays local until the person gives it a network policy (and budget). */
export const DEFAULT_AGENT_POLICY: AgentPolicy = { mode: 'local', allowRace: false, maxPricePer1kAit: null, maxRequestsPerMinute: 600, requireProof: false };
/** A new agent may use the network and race; prices uncapped until the person sets a cap. */
export const NEW_AGENT_POLICY: AgentPolicy = { mode: 'auto', allowRace: true, maxPricePer1kAit: null, maxRequestsPerMinute: 600, requireProof: false };

/** Who a request belongs to, resolved from its bearer key. */
export type KeyLookup = { ok: true; agent: Agent; keyId: string | null } | { ok: false; message: string };

/**
 * Agents and their provider keys. Keys are stored as SHA-256 hashes only and shown once when issued:
 * a lost key is replaced by issuing a new one, never recovered (a leaked database leaks no usable key).
 */
export interface AgentStore {
  list(): Agent[];
  get(id: string): Agent | undefined;
  /** Bearer → agent; none or `ollama-local` → the default agent; an unknown or revoked key → not ok (401). */
  resolve(bearer: string | undefined): KeyLookup;
  create(name: string, policy?: Partial<AgentPolicy>): { agent: Agent; key: string };
  updatePolicy(id: string, patch: Partial<AgentPolicy>): Agent;
  createKey(agentId: string): { agent: Agent; key: string };
  revokeKey(agentId: string, keyId: string): Agent;
  /** Writes pending last-used times (batched with metering). */
  flushLastUsed(): void;
}

interface AgentRow {
  id: string;
  name: string;
  built_in: number;
  policy: string;
  created_at: string;
}
interface KeyRow {
  id: string;
  agent_id: string;
  key_hash: string;
  prefix: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

const hashKey = (key: string) => crypto.createHash('sha256').update(key).digest('hex');
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'agent';

/**
 * `onDefaultAgentCreated` runs in the same transaction that creates the built-in agent, i.e. once per data dir (on
 * its first start): the container withholds the network budget there, so an existing data dir keeps what the person set.
 */
export function createAgentStore(db: Db, opts: { onDefaultAgentCreated?: () => void } = {}): AgentStore {
  const now = () => new Date().toISOString();
  db.transaction(() => {
    if (db.prepare('SELECT 1 FROM agents WHERE id = ?').get(DEFAULT_AGENT_ID)) return;
    db.prepare('INSERT INTO agents (id, name, built_in, policy, created_at) VALUES (?, ?, 1, ?, ?)').run(DEFAULT_AGENT_ID, 'default', JSON.stringify(DEFAULT_AGENT_POLICY), now());
    opts.onDefaultAgentCreated?.();
  })();
  const agents = new Map<string, Agent>();
  const byHash = new Map<string, { agentId: string; keyId: string }>();
  /** Key id → last use (epoch ms), written with the next metering flush. */
  const lastUsed = new Map<string, number>();
  /** Bearer → its SHA-256, so a keep-alive agent's every request does not hash its key again (memory only). */
  const hashes = new Map<string, string>();
  const hashOf = (bearer: string) => {
    let h = hashes.get(bearer);
    if (h === undefined) {
      if (hashes.size >= 1024) hashes.clear();
      hashes.set(bearer, (h = hashKey(bearer)));
    }
    return h;
  };
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

  const load = () => {
    agents.clear();
    byHash.clear();
    const keys = db.prepare('SELECT * FROM agent_keys ORDER BY created_at').all() as KeyRow[];
    for (const row of db.prepare('SELECT * FROM agents ORDER BY built_in DESC, created_at').all() as AgentRow[]) {
      const parsed = agentPolicySchema.safeParse(JSON.parse(row.policy));
      agents.set(row.id, {
        id: row.id,
        name: row.name,
        builtIn: row.built_in === 1,
        policy: parsed.success ? parsed.data : row.built_in ? DEFAULT_AGENT_POLICY : NEW_AGENT_POLICY,
        createdAt: row.created_at,
        keys: keys
          .filter((k) => k.agent_id === row.id)
          .map((k) => ({ id: k.id, prefix: k.prefix, createdAt: k.created_at, revokedAt: k.revoked_at, lastUsedAt: iso(lastUsed.get(k.id)) ?? k.last_used_at })),
      });
    }
    for (const k of keys) if (!k.revoked_at) byHash.set(k.key_hash, { agentId: k.agent_id, keyId: k.id });
  };
  load();

  const must = (id: string) => {
    const a = agents.get(id);
    if (!a) throw new ContractError('NOT_FOUND', `No agent "${id}".`);
    return a;
  };
  const issue = (agentId: string) => {
    const key = `cg_${crypto.randomBytes(24).toString('base64url')}`;
    db.prepare('INSERT INTO agent_keys (id, agent_id, key_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)').run(
      crypto.randomUUID(),
      agentId,
      hashKey(key),
      key.slice(0, 9),
      now(),
    );
    return key;
  };

  return {
    list: () => [...agents.values()],
    get: (id) => agents.get(id),
    resolve(bearer) {
      if (!bearer || bearer === OPENCLAW_PLACEHOLDER_KEY) return { ok: true, agent: agents.get(DEFAULT_AGENT_ID)!, keyId: null };
      const hit = byHash.get(hashOf(bearer));
      const agent = hit && agents.get(hit.agentId);
      if (!hit || !agent) return { ok: false, message: 'unauthorized: this API key was not issued by ClawGrid or has been revoked' };
      lastUsed.set(hit.keyId, Date.now());
      return { ok: true, agent, keyId: hit.keyId };
    },
    create(name, policy) {
      const trimmed = name.trim();
      if ([...agents.values()].some((a) => a.name.toLowerCase() === trimmed.toLowerCase())) {
        throw new ContractError('INVALID_INPUT', `An agent named "${trimmed}" already exists.`);
      }
      let id = slug(trimmed);
      for (let i = 2; agents.has(id); i++) id = `${slug(trimmed)}-${i}`;
      const full = agentPolicySchema.parse({ ...NEW_AGENT_POLICY, ...policy });
      let key = '';
      db.transaction(() => {
        db.prepare('INSERT INTO agents (id, name, built_in, policy, created_at) VALUES (?, ?, 0, ?, ?)').run(id, trimmed, JSON.stringify(full), now());
        key = issue(id);
      })();
      load();
      return { agent: must(id), key };
    },
    updatePolicy(id, patch) {
      const a = must(id);
      const next = agentPolicySchema.parse({ ...a.policy, ...patch });
      db.prepare('UPDATE agents SET policy = ? WHERE id = ?').run(JSON.stringify(next), id);
      load();
      return must(id);
    },
    createKey(agentId) {
      must(agentId);
      const key = issue(agentId);
      load();
      return { agent: must(agentId), key };
    },
    revokeKey(agentId, keyId) {
      must(agentId);
      const r = db.prepare('UPDATE agent_keys SET revoked_at = ? WHERE id = ? AND agent_id = ? AND revoked_at IS NULL').run(now(), keyId, agentId);
      if (r.changes === 0) throw new ContractError('NOT_FOUND', 'No such active key for this agent.');
      load();
      return must(agentId);
    },
    flushLastUsed() {
      if (lastUsed.size === 0) return;
      const stmt = db.prepare('UPDATE agent_keys SET last_used_at = ? WHERE id = ?');
      db.transaction(() => {
        for (const [id, at] of lastUsed) stmt.run(iso(at), id);
      })();
      for (const a of agents.values()) for (const k of a.keys) k.lastUsedAt = iso(lastUsed.get(k.id)) ?? k.lastUsedAt;
      lastUsed.clear();
    },
  };
}
