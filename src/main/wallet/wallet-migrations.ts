import type { Migration } from '../store/migration';

/** This feature's schema migrations (global numbers; append only: never edit one that has shipped). */
export const walletMigrations: readonly Migration[] = [
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
];
