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
  {
    version: 8,
    name: 'ledger_journal',
    sql: `
      -- The ledger as one journal (#12): an admission is ONE row (its reserve entry carries the reservation:
      -- request, scopes, worst-case fee, deadline) and a close is ONE row (a settle carries its fee leg in
      -- "fee"; before, fee was an entry of its own). The reservations table goes: which reservations are held
      -- is a projection the ledger keeps in memory and rebuilds from these rows (from ledger_marks'
      -- open_from_seq on). Reservation ids become "res_<seq of the reserve row>", so a reserve row needs no
      -- index; one partial unique index lets each reservation close once (settle or release, never both).
      -- No AUTOINCREMENT: rows are never deleted (triggers), so seq only grows and no sqlite_sequence write. No
      -- index on at_ms either: from here on at_ms never decreases along seq, so a time is found by bisecting seq.
      CREATE TABLE ledger_journal (
        seq             INTEGER PRIMARY KEY,
        at_ms           INTEGER NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('reserve', 'settle', 'release', 'refund', 'transfer', 'fee')),
        reservation_id  TEXT,
        agent_id        TEXT,
        model           TEXT,
        miner_id        TEXT,
        amount          TEXT NOT NULL,
        fee             TEXT,
        job_id          TEXT,
        receipt_id      TEXT,
        tx_hash         TEXT,
        counterparty    TEXT,
        note            TEXT NOT NULL DEFAULT '',
        request_id      TEXT,
        scopes          TEXT,
        expires_ms      INTEGER,
        CHECK (kind <> 'reserve' OR (reservation_id = 'res_' || seq AND agent_id IS NOT NULL AND model IS NOT NULL
          AND fee IS NOT NULL AND request_id IS NOT NULL AND scopes IS NOT NULL AND expires_ms IS NOT NULL))
      );
      -- Old rows keep their seq (and at_ms, raised where another process had written a later time before it).
      -- A fee entry written in the same transaction right after its settle (or transfer) becomes that row's fee
      -- column; old reservation ids are renamed after their reserve row.
      INSERT INTO ledger_journal (seq, at_ms, kind, reservation_id, agent_id, model, miner_id, amount, fee, job_id,
                                  receipt_id, tx_hash, counterparty, note, request_id, scopes, expires_ms)
      SELECT e.seq, max(e.at_ms) OVER (ORDER BY e.seq), e.kind,
             CASE WHEN res.seq IS NOT NULL THEN 'res_' || res.seq ELSE e.reservation_id END,
             e.agent_id, e.model, e.miner_id, e.amount,
             CASE e.kind WHEN 'reserve' THEN coalesce(r.fee, '0') WHEN 'settle' THEN f.amount WHEN 'transfer' THEN f.amount END,
             e.job_id, e.receipt_id, e.tx_hash, e.counterparty, e.note,
             CASE WHEN e.kind = 'reserve' THEN coalesce(r.request_id, '') END,
             CASE WHEN e.kind = 'reserve' THEN coalesce(r.scopes, '[]') END,
             CASE WHEN e.kind = 'reserve' THEN coalesce(r.expires_ms, e.at_ms) END
      FROM ledger_entries e
      LEFT JOIN ledger_entries res ON res.kind = 'reserve' AND res.reservation_id = e.reservation_id
      LEFT JOIN reservations r ON e.kind = 'reserve' AND r.id = e.reservation_id
      LEFT JOIN ledger_entries f ON e.kind IN ('settle', 'transfer') AND f.seq = e.seq + 1 AND f.kind = 'fee'
        AND f.reservation_id IS e.reservation_id AND f.tx_hash IS e.tx_hash
      WHERE NOT (e.kind = 'fee' AND EXISTS (SELECT 1 FROM ledger_entries p WHERE p.seq = e.seq - 1
        AND p.kind IN ('settle', 'transfer') AND p.reservation_id IS e.reservation_id AND p.tx_hash IS e.tx_hash));
      DROP TABLE ledger_entries;
      DROP TABLE reservations;
      ALTER TABLE ledger_journal RENAME TO ledger_entries;
      CREATE UNIQUE INDEX ledger_closes ON ledger_entries (reservation_id) WHERE kind IN ('settle', 'release');
      CREATE INDEX ledger_by_job ON ledger_entries (job_id) WHERE job_id IS NOT NULL;
      CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger_entries
        BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
      CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger_entries
        BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
      CREATE TABLE ledger_marks (
        name   TEXT PRIMARY KEY,
        value  INTEGER NOT NULL
      ) WITHOUT ROWID;
      -- open_from_seq: every reserve row below it is closed, so the held set is rebuilt from there on.
      INSERT INTO ledger_marks (name, value)
      SELECT 'open_from_seq', coalesce(
        (SELECT min(j.seq) FROM ledger_entries j WHERE j.kind = 'reserve' AND NOT EXISTS
          (SELECT 1 FROM ledger_entries c WHERE c.reservation_id = j.reservation_id AND c.kind IN ('settle', 'release'))),
        (SELECT max(seq) + 1 FROM ledger_entries), 0);
    `,
  },
  {
    version: 12,
    name: 'reconcile_runs',
    sql: `
      -- Reconciliation runs at start, periodically and on the button (#14 item 3): each run is one row (what it
      -- compared, matched, appended, found); each mismatch keeps its evidence (the coordinator's word, the chain's
      -- legs, the ledger's entries, as JSON) and the run that found it.
      CREATE TABLE reconcile_runs (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        trigger      TEXT NOT NULL CHECK (trigger IN ('start', 'timer', 'button')),
        network      TEXT,
        started_ms   INTEGER NOT NULL,
        finished_ms  INTEGER NOT NULL,
        checked      INTEGER NOT NULL,
        matched      INTEGER NOT NULL,
        pending      INTEGER NOT NULL,
        appended     INTEGER NOT NULL,
        mismatches   INTEGER NOT NULL,
        unchecked    INTEGER NOT NULL,
        error        TEXT
      );
      -- A job whose ledger, coordinator and chain agree on a final state is not looked up again.
      CREATE TABLE reconcile_done (
        job_id  TEXT PRIMARY KEY,
        role    TEXT NOT NULL,
        state   TEXT NOT NULL,
        run_id  INTEGER NOT NULL
      ) WITHOUT ROWID;
      ALTER TABLE reconcile_issues ADD COLUMN evidence TEXT;
      ALTER TABLE reconcile_issues ADD COLUMN run_id INTEGER;
    `,
  },
];
