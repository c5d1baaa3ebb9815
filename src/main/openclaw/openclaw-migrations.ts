import type { Migration } from '../store/migration';

/** This feature's schema migrations (global numbers; append only: never edit one that has shipped). */
export const openclawMigrations: readonly Migration[] = [
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
];
