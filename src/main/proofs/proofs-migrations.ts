import type { Migration } from '../store/migration';

/** This feature's schema migrations (global numbers; append only: never edit one that has shipped). */
export const proofsMigrations: readonly Migration[] = [
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
  {
    version: 8,
    name: 'proof_chain_without_hash_index',
    sql: `
      -- #12: the UNIQUE index on link_hash put every append on a random index page (a hash sorts nowhere): measured
      -- ~6x the CPU per row of an append to the rowid alone at 100k links. A link hash covers its seq (the primary
      -- key), so it is unique without an index, and nothing looks a link up by its hash. Same table, same triggers.
      CREATE TABLE proof_chain_v8 (
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
        link_hash       TEXT NOT NULL
      );
      INSERT INTO proof_chain_v8 (seq, at_ms, request_id, agent_id, model, model_digest, backend, network, job_id, commitment, receipt_json, receipt_sha256, prev_hash, link_hash)
        SELECT seq, at_ms, request_id, agent_id, model, model_digest, backend, network, job_id, commitment, receipt_json, receipt_sha256, prev_hash, link_hash FROM proof_chain;
      -- DROP TABLE fires no triggers (its implicit DELETE does not), so the append-only triggers do not stop it.
      DROP TABLE proof_chain;
      ALTER TABLE proof_chain_v8 RENAME TO proof_chain;
      CREATE INDEX proof_chain_by_job ON proof_chain (job_id) WHERE job_id IS NOT NULL;
      CREATE TRIGGER proof_chain_no_update BEFORE UPDATE ON proof_chain
        BEGIN SELECT RAISE(ABORT, 'proof chain links are append-only'); END;
      CREATE TRIGGER proof_chain_no_delete BEFORE DELETE ON proof_chain
        BEGIN SELECT RAISE(ABORT, 'proof chain links are append-only'); END;
    `,
  },
];
