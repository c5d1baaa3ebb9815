import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type Db } from '../database';

/** Tests only: a fresh migrated database in its own temp data dir per test, closed and removed after it. */
export function useTempDb(prefix: string): () => Db {
  let dir = '';
  let db: Db | null = null;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    db = openDatabase(dir);
  });
  afterEach(() => {
    db?.close();
    db = null;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!db) throw new Error('useTempDb: no database outside a test');
    return db;
  };
}
