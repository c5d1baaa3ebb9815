/**
 * Numbered schema migrations. Append only: never edit a migration that has shipped.
 * Each later feature adds its tables as the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'init',
    sql: `
      CREATE TABLE schema_migrations (
        version    INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        applied_at TEXT NOT NULL
      );
      CREATE TABLE app_events (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        at      TEXT NOT NULL,
        kind    TEXT NOT NULL,
        detail  TEXT NOT NULL DEFAULT '{}'
      );
    `,
  },
  {
    version: 2,
    name: 'aitbc_job_intents',
    sql: `
      -- AITBC client (#5): a paid job's intent is written before POST /v1/jobs, so it is never submitted twice.
      CREATE TABLE aitbc_job_intents (
        network     TEXT NOT NULL,
        request_id  TEXT NOT NULL,
        state       TEXT NOT NULL CHECK (state IN ('sending', 'created', 'uncertain', 'not_created')),
        job_id      TEXT,
        sent_at     TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (network, request_id)
      );
    `,
  },
  {
    version: 3,
    name: 'wallet_ledger',
    sql: `
      -- Wallet, spend controls and approvals (#6). ledger_entries is append-only (triggers below);
      -- reservations and spend_totals are projections of it, changed in the same transaction.
      CREATE TABLE wallet_key (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        address     TEXT NOT NULL,
        protection  TEXT NOT NULL CHECK (protection IN ('os', 'passphrase')),
        secret      TEXT NOT NULL,
        created_at  TEXT NOT NULL
      );
      CREATE TABLE spend_policies (
        agent_id    TEXT PRIMARY KEY,
        policy      TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      );
      CREATE TABLE ledger_entries (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        at_ms           INTEGER NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('reserve', 'settle', 'release', 'refund', 'transfer', 'fee')),
        reservation_id  TEXT,
        agent_id        TEXT,
        model           TEXT,
        miner_id        TEXT,
        amount          TEXT NOT NULL,
        job_id          TEXT,
        receipt_id      TEXT,
        tx_hash         TEXT,
        counterparty    TEXT,
        note            TEXT NOT NULL DEFAULT ''
      );
      CREATE UNIQUE INDEX ledger_once_per_reservation ON ledger_entries (reservation_id, kind)
        WHERE reservation_id IS NOT NULL AND kind IN ('reserve', 'settle', 'release', 'fee');
      CREATE INDEX ledger_by_job ON ledger_entries (job_id) WHERE job_id IS NOT NULL;
      CREATE INDEX ledger_by_time ON ledger_entries (at_ms);
      CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger_entries
        BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
      CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger_entries
        BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
      CREATE TABLE reservations (
        id             TEXT PRIMARY KEY,
        request_id     TEXT NOT NULL,
        agent_id       TEXT NOT NULL,
        model          TEXT NOT NULL,
        miner_id       TEXT,
        payment        TEXT NOT NULL,
        fee            TEXT NOT NULL,
        total          TEXT NOT NULL,
        state          TEXT NOT NULL CHECK (state IN ('held', 'settled', 'released')),
        scopes         TEXT NOT NULL,
        created_ms     INTEGER NOT NULL,
        expires_ms     INTEGER NOT NULL,
        closed_ms      INTEGER,
        settled_total  TEXT,
        job_id         TEXT,
        receipt_id     TEXT,
        reason         TEXT
      );
      CREATE INDEX reservations_open ON reservations (state, expires_ms);
      CREATE INDEX reservations_by_job ON reservations (job_id) WHERE job_id IS NOT NULL;
      CREATE TABLE spend_totals (
        scope       TEXT NOT NULL,
        period_key  TEXT NOT NULL,
        reserved    TEXT NOT NULL,
        spent       TEXT NOT NULL,
        PRIMARY KEY (scope, period_key)
      ) WITHOUT ROWID;
      CREATE TABLE approval_grants (
        agent_id    TEXT NOT NULL,
        model       TEXT NOT NULL,
        until_ms    INTEGER NOT NULL,
        created_ms  INTEGER NOT NULL,
        PRIMARY KEY (agent_id, model)
      );
      CREATE TABLE reconcile_issues (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id         TEXT NOT NULL,
        kind           TEXT NOT NULL,
        detail         TEXT NOT NULL,
        local_amount   TEXT,
        remote_amount  TEXT,
        status         TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
        resolution     TEXT,
        found_ms       INTEGER NOT NULL,
        resolved_ms    INTEGER,
        UNIQUE (job_id, kind)
      );
    `,
  },
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
  {
    version: 5,
    name: 'openclaw_integration',
    sql: `
      -- OpenClaw integration (#8): every config value ClawGrid wrote through OpenClaw's CLI with the value it
      -- replaced (Undo restores them newest first), which ClawGrid agent each OpenClaw agent maps to, the pin.
      CREATE TABLE openclaw_config_writes (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        batch_id       TEXT NOT NULL,
        path           TEXT NOT NULL,
        had_previous   INTEGER NOT NULL,
        previous_json  TEXT,
        written_json   TEXT NOT NULL,
        written_at_ms  INTEGER NOT NULL,
        undone_at_ms   INTEGER
      );
      CREATE TABLE openclaw_agent_links (
        openclaw_agent_id  TEXT PRIMARY KEY,
        clawgrid_agent_id  TEXT NOT NULL,
        provider_id        TEXT NOT NULL,
        linked_at_ms       INTEGER NOT NULL
      );
      CREATE TABLE openclaw_pin (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        version     TEXT NOT NULL,
        reason      TEXT NOT NULL,
        pinned_at_ms INTEGER NOT NULL
      );
      CREATE TABLE openclaw_upgrade_runs (
        id          TEXT PRIMARY KEY,
        started_ms  INTEGER NOT NULL,
        run_json    TEXT NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'catalog_deployments',
    sql: `
      -- Model catalog and deploy (#9): deployments survive restarts; an interrupted one comes back as failed.
      CREATE TABLE catalog_deployments (
        id               TEXT PRIMARY KEY,
        registered_name  TEXT NOT NULL UNIQUE,
        data             TEXT NOT NULL,
        created_ms       INTEGER NOT NULL,
        updated_ms       INTEGER NOT NULL
      );
      -- The provider list as the catalog registers it, until the engine owns one (src/main/routing).
      CREATE TABLE catalog_provider_models (
        name       TEXT PRIMARY KEY,
        model      TEXT NOT NULL,
        target     TEXT NOT NULL CHECK (target IN ('local', 'network')),
        miner_id   TEXT,
        added_ms   INTEGER NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'proof_chain',
    sql: `
      -- Proofs (#7): one append-only link per hybrid execution (local commitment, network receipt with its proof,
      -- hash over the previous link), the pinned coordinator receipt keys, and the latest check of each link.
      CREATE TABLE proof_chain (
        seq             INTEGER PRIMARY KEY,
        at_ms           INTEGER NOT NULL,
        request_id      TEXT NOT NULL,
        agent_id        TEXT,
        model           TEXT NOT NULL,
        model_digest    TEXT,
        backend         TEXT NOT NULL CHECK (backend IN ('local', 'network')),
        network         TEXT,
        job_id          TEXT,
        commitment      TEXT NOT NULL,
        receipt_json    TEXT,
        receipt_sha256  TEXT,
        prev_hash       TEXT NOT NULL,
        link_hash       TEXT NOT NULL UNIQUE
      );
      CREATE INDEX proof_chain_by_job ON proof_chain (job_id) WHERE job_id IS NOT NULL;
      CREATE TRIGGER proof_chain_no_update BEFORE UPDATE ON proof_chain
        BEGIN SELECT RAISE(ABORT, 'proof chain links are append-only'); END;
      CREATE TRIGGER proof_chain_no_delete BEFORE DELETE ON proof_chain
        BEGIN SELECT RAISE(ABORT, 'proof chain links are append-only'); END;
      CREATE TABLE proof_status (
        seq          INTEGER PRIMARY KEY,
        status       TEXT NOT NULL,
        reason       TEXT NOT NULL,
        checked_ms   INTEGER NOT NULL
      );
      CREATE TABLE proof_keys (
        network      TEXT PRIMARY KEY,
        public_key   TEXT NOT NULL,
        source       TEXT NOT NULL CHECK (source IN ('devnet', 'user')),
        pinned_ms    INTEGER NOT NULL
      );
    `,
  },
];
