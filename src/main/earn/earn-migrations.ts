import type { Migration } from '../store/migration';

/** Earn mode's tables (global numbers; append only: never edit one that has shipped). */
export const earnMigrations: readonly Migration[] = [
  {
    version: 11,
    name: 'earn_jobs_and_earnings',
    sql: `
      -- Jobs this machine took from the network as a miner: facts for the Earn page and the receipt it got back.
      -- No prompt and no answer are stored beside the receipt (the receipt carries what its signature covers).
      CREATE TABLE earn_jobs (
        network        TEXT NOT NULL,
        job_id         TEXT NOT NULL,
        miner_id       TEXT NOT NULL,
        model          TEXT NOT NULL,
        state          TEXT NOT NULL CHECK (state IN ('running', 'completed', 'failed', 'refused')),
        error          TEXT,
        polled_at      INTEGER NOT NULL,
        result_at      INTEGER,
        prompt_tokens  INTEGER,
        output_tokens  INTEGER,
        receipt        TEXT,
        receipt_ok     INTEGER,
        receipt_why    TEXT,
        payment_status TEXT,
        checked_at     INTEGER,
        PRIMARY KEY (network, job_id)
      );
      CREATE INDEX earn_jobs_polled ON earn_jobs (polled_at);
      -- The earnings journal: append-only, one row per (job, kind) — pending from the coordinator's word,
      -- released from the chain's; a job's earning is therefore booked exactly once per stage.
      CREATE TABLE earn_entries (
        seq      INTEGER PRIMARY KEY AUTOINCREMENT,
        at_ms    INTEGER NOT NULL,
        network  TEXT NOT NULL,
        job_id   TEXT NOT NULL,
        kind     TEXT NOT NULL CHECK (kind IN ('pending', 'released', 'refunded', 'disputed')),
        amount   TEXT NOT NULL,
        source   TEXT NOT NULL,
        tx_hash  TEXT,
        UNIQUE (network, job_id, kind)
      );
      CREATE TRIGGER earn_entries_no_update BEFORE UPDATE ON earn_entries
        BEGIN SELECT RAISE(ABORT, 'earn entries are append-only'); END;
      CREATE TRIGGER earn_entries_no_delete BEFORE DELETE ON earn_entries
        BEGIN SELECT RAISE(ABORT, 'earn entries are append-only'); END;
    `,
  },
];
