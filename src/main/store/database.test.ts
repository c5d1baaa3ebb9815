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
    expect(rows).toEqual(migrations.map((m) => ({ version: m.version, name: m.name })));
    db.close();
    expect(fs.existsSync(path.join(dir, DB_FILE))).toBe(true);
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
