import type { Migration } from '../store/migration';

/** This feature's schema migrations (global numbers; append only: never edit one that has shipped). */
export const modelsMigrations: readonly Migration[] = [
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
];
