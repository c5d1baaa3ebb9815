import type { Migration } from '../store/migration';

/** This feature's schema migrations (global numbers; append only: never edit one that has shipped). */
export const networkMigrations: readonly Migration[] = [
  {
    version: 2,
    name: 'aitbc_job_intents',
    sql: `
      -- Network runtime (AITBC client, #5): a paid job's intent is written before POST /v1/jobs, so it is never submitted twice.
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
    version: 10,
    name: 'network_job_payments',
    sql: `
      -- #13: each paid network job's payment as the coordinator and chain reported it (locked → awaiting acceptance →
      -- released | disputed | refunded | failed) with its chain transactions; kept current while it can still change.
      CREATE TABLE network_payments (
        network        TEXT NOT NULL,
        job_id         TEXT NOT NULL,
        request_id     TEXT,
        model          TEXT,
        wire           TEXT NOT NULL CHECK (wire IN ('v025', 'c27c654')),
        state          TEXT NOT NULL CHECK (state IN ('locked', 'awaiting_acceptance', 'released', 'disputed', 'refunded', 'failed')),
        amount_ait     TEXT NOT NULL,
        fee_ait        TEXT,
        lock_tx        TEXT,
        release_tx     TEXT,
        refund_tx      TEXT,
        reason         TEXT,
        created_ms     INTEGER NOT NULL,
        updated_ms     INTEGER NOT NULL,
        checked_ms     INTEGER,
        PRIMARY KEY (network, job_id)
      );
      CREATE INDEX network_payments_by_state ON network_payments (state, created_ms);
      CREATE INDEX network_payments_by_job ON network_payments (job_id);
      CREATE INDEX network_payments_by_time ON network_payments (created_ms);
    `,
  },
];
