import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCheckpointer } from './checkpointer';
import { DB_FILE, openDatabase, type Db } from './database';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function fresh(): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-ckpt-'));
  dirs.push(dir);
  const db = openDatabase(dir);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  return db;
}
const fill = (db: Db, rows: number) => db.transaction(() => {
  const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
  for (let i = 0; i < rows; i++) ins.run('x'.repeat(200));
})();

describe('WAL checkpointer thread', () => {
  it('takes checkpoints off the connection and copies the WAL into the database file in the background', async () => {
    const db = fresh();
    const c = startCheckpointer(db, 50);
    expect(c.running()).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const mainFile = path.join(path.dirname(db.name), DB_FILE);
    const before = fs.statSync(mainFile).size;
    fill(db, 20_000); // ~4 MB of WAL: with the automatic checkpoint off, only the thread can move it
    await vi.waitFor(() => expect(fs.statSync(mainFile).size).toBeGreaterThan(before + 2_000_000), { timeout: 10_000 });
    await c.stop();
    expect(c.running()).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 20_000 });
    db.close();
  });

  it('without the thread the database file does not grow until a checkpoint: the test above measures the thread', async () => {
    const db = fresh();
    db.pragma('wal_autocheckpoint = 0');
    const mainFile = path.join(path.dirname(db.name), DB_FILE);
    const before = fs.statSync(mainFile).size;
    fill(db, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(fs.statSync(mainFile).size).toBe(before);
    db.close();
  });
});
