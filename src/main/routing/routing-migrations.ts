import type { Migration } from '../store/migration';

/** This feature's schema migrations (global numbers; append only: never edit one that has shipped). */
export const routingMigrations: readonly Migration[] = [
  {
    version: 4,
    name: 'engine_agents_routing',
    sql: `
      -- Hybrid engine (#4): agents, their provider keys (SHA-256 only; the key is shown once) and the
      -- metered request log behind the Routing page.
      CREATE TABLE agents (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        built_in    INTEGER NOT NULL DEFAULT 0,
        policy      TEXT NOT NULL,
        created_at  TEXT NOT NULL
      );
      CREATE TABLE agent_keys (
        id            TEXT PRIMARY KEY,
        agent_id      TEXT NOT NULL REFERENCES agents(id),
        key_hash      TEXT NOT NULL UNIQUE,
        prefix        TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        revoked_at    TEXT,
        last_used_at  TEXT
      );
      CREATE TABLE routing_requests (
        id             TEXT PRIMARY KEY,
        at_ms          INTEGER NOT NULL,
        agent_id       TEXT NOT NULL,
        endpoint       TEXT NOT NULL,
        model          TEXT NOT NULL,
        strategy       TEXT NOT NULL,
        reasons        TEXT NOT NULL,
        explanation    TEXT NOT NULL,
        backend        TEXT,
        status         TEXT NOT NULL,
        http_status    INTEGER NOT NULL,
        error          TEXT,
        prompt_tokens  INTEGER NOT NULL,
        eval_tokens    INTEGER NOT NULL,
        ttft_ms        REAL,
        duration_ms    REAL NOT NULL,
        cost_ait       TEXT NOT NULL,
        overhead_ms    REAL NOT NULL,
        job_id         TEXT
      );
      CREATE INDEX routing_requests_by_time ON routing_requests (at_ms);
      CREATE INDEX routing_requests_by_agent ON routing_requests (agent_id, at_ms);
    `,
  },
];
