import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DEVNET_DIR } from './devnet-config';

export type DevnetDb = Database.Database;
export const DEVNET_DB_FILE = 'devnet.sqlite';

/** The devnet's own chain/ledger/jobs database: a separate file, never the app database. */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS users (user_id TEXT PRIMARY KEY, address TEXT NOT NULL UNIQUE, username TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS jobs (
    job_id TEXT PRIMARY KEY, client_id TEXT NOT NULL, state TEXT NOT NULL, payload TEXT NOT NULL, constraints TEXT NOT NULL,
    requested_at TEXT NOT NULL, expires_at TEXT NOT NULL, assigned_miner_id TEXT, assigned_at TEXT, error TEXT,
    result TEXT, payment_id TEXT, payment_status TEXT, attempts INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state, seq);
  CREATE INDEX IF NOT EXISTS jobs_client ON jobs(client_id, seq);
  CREATE TABLE IF NOT EXISTS receipts (receipt_id TEXT PRIMARY KEY, job_id TEXT NOT NULL, body TEXT NOT NULL, seq INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS receipts_job ON receipts(job_id, seq);
  CREATE TABLE IF NOT EXISTS miners (
    miner_id TEXT PRIMARY KEY, capabilities TEXT NOT NULL, region TEXT, concurrency INTEGER NOT NULL, status TEXT NOT NULL,
    inflight INTEGER NOT NULL, last_heartbeat INTEGER NOT NULL, registered_at TEXT NOT NULL, completed INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS accounts (address TEXT PRIMARY KEY, balance TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, address TEXT NOT NULL, delta TEXT NOT NULL, kind TEXT NOT NULL, job_id TEXT, memo TEXT);
  CREATE TABLE IF NOT EXISTS payments (
    payment_id TEXT PRIMARY KEY, job_id TEXT NOT NULL UNIQUE, amount TEXT NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL,
    buyer TEXT NOT NULL, provider TEXT, escrow_address TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    released_at TEXT, refunded_at TEXT, transaction_hash TEXT, refund_transaction_hash TEXT);
  CREATE TABLE IF NOT EXISTS chain_nonces (address TEXT PRIMARY KEY, nonce INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS offers (plugin_id TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS job_terms (job_id TEXT PRIMARY KEY, payment_amount TEXT NOT NULL, buyer TEXT NOT NULL, provider TEXT, offer_id TEXT, offer_quantity TEXT);
  CREATE TABLE IF NOT EXISTS escrow_locks (
    job_id TEXT PRIMARY KEY, payment_id TEXT NOT NULL, units TEXT NOT NULL, fee_units TEXT NOT NULL, status TEXT NOT NULL, provider TEXT NOT NULL, buyer TEXT NOT NULL,
    lock_tx TEXT NOT NULL, release_tx TEXT, refund_tx TEXT, deadline_ms INTEGER, reason TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS job_zk (job_id TEXT PRIMARY KEY, zk_status TEXT NOT NULL, zk_proof_id TEXT);
`;

export function openDevnetDb(dataDir: string): DevnetDb {
  const dir = path.join(dataDir, DEVNET_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const db = new Database(path.join(dir, DEVNET_DB_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return db;
}
