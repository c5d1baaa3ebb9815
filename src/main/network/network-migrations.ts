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
];
