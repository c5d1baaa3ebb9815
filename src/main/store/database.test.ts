import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_FILE, migrate, openDatabase, schemaVersion } from './database';
import { migrations } from '../migrations';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-db-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('database', () => {
  it('creates the file in WAL mode at the latest schema version on first run', () => {
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(migrations.length);
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual([...migrations].sort((a, b) => a.version - b.version).map((m) => ({ version: m.version, name: m.name })));
    db.close();
    expect(fs.existsSync(path.join(dir, DB_FILE))).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('keeps the data dir 0700 and the database, WAL and SHM files 0600, narrowing old ones', () => {
    const data = path.join(dir, 'data');
    fs.mkdirSync(data, { mode: 0o755 });
    fs.chmodSync(data, 0o755);
    fs.writeFileSync(path.join(data, DB_FILE), '');
    fs.chmodSync(path.join(data, DB_FILE), 0o644);
    const old = process.umask(0o022); // a typical umask: without the fix files come out 0644
    try {
      const db = openDatabase(data);
      db.prepare('CREATE TABLE t (x)').run();
      db.prepare('INSERT INTO t VALUES (1)').run(); // the -wal and -shm files exist from here
      const mode = (f: string) => fs.statSync(path.join(data, f)).mode & 0o777;
      expect(mode('.')).toBe(0o700);
      for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`]) expect([f, mode(f)]).toEqual([f, 0o600]);
      db.close();
      const fresh = path.join(dir, 'fresh');
      openDatabase(fresh).close();
      expect(fs.statSync(fresh).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(fresh, DB_FILE)).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });

  it('migrates an older database forward, once, keeping its data', () => {
    const v1 = migrations.slice(0, 1);
    const db = openDatabase(dir, v1);
    db.prepare("INSERT INTO app_events (at, kind) VALUES ('2026-01-01', 'kept')").run();
    db.close();
    const next = [...v1, { version: 2, name: 'add_things', sql: 'CREATE TABLE things (id INTEGER PRIMARY KEY);' }];
    const db2 = openDatabase(dir, next);
    expect(schemaVersion(db2)).toBe(2);
    expect(db2.prepare('SELECT kind FROM app_events').all()).toEqual([{ kind: 'kept' }]);
    expect(migrate(db2, next)).toBe(2); // re-running is a no-op
    db2.close();
  });

  it('rolls a failing migration back entirely', () => {
    openDatabase(dir).close();
    const broken = [...migrations, { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE ok_t (id INTEGER); SELECT * FROM missing_table;' }];
    expect(() => openDatabase(dir, broken)).toThrow(/missing_table/);
    const db = new Database(path.join(dir, DB_FILE));
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'ok_t'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a database from a newer ClawGrid', () => {
    const db = new Database(path.join(dir, DB_FILE));
    db.pragma('user_version = 99');
    db.close();
    expect(() => openDatabase(dir)).toThrow(/newer than this ClawGrid/);
  });

  it('refuses gaps in migration numbering', () => {
    expect(() => openDatabase(dir, [{ version: 2, name: 'x', sql: '' }])).toThrow(/without gaps/);
  });
});
