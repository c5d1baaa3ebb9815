import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAmount } from '../../shared/domain/decimal';
import { openDatabase, type Db } from '../store/database';
import { createGroupCommit } from './group-commit';
import { createLedger } from './ledger';
import type { Ledger, ReserveInput } from './ledger-types';

let dir: string;
let db: Db;
let ledger: Ledger;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-group-'));
  db = openDatabase(dir);
  ledger = createLedger(db);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const scopes = [{ scope: 'agent:a', label: 'the budget', periodKey: 'lifetime', limit: parseAmount('1'), soft: null }];
const input = (i: number): ReserveInput => ({ requestId: `r${i}`, agentId: 'a', model: 'm', minerId: null, payment: parseAmount('0.1'), fee: 0n, scopes, ttlMs: 60_000 });

describe('group commit', () => {
  it('many admissions in one transaction, decided in order against the totals; each resolves after COMMIT', async () => {
    const commits = createGroupCommit(ledger);
    const pending = Array.from({ length: 25 }, (_, i) => commits.reserve(input(i)));
    expect(ledger.held()).toHaveLength(0); // nothing written synchronously
    const results = await Promise.all(pending);
    expect(commits.stats()).toEqual({ batches: 1, ops: 25 });
    expect(results.map((r) => r.ok)).toEqual([...Array(10).fill(true), ...Array(15).fill(false)]);
    // A second connection (another process) sees every acknowledged reservation.
    const other = openDatabase(dir);
    try {
      expect(other.prepare("SELECT count(*) AS n FROM ledger_entries WHERE kind = 'reserve'").get()).toEqual({ n: 10 });
    } finally {
      other.close();
    }
    expect(ledger.usage('agent:a', 'lifetime').reserved).toBe(parseAmount('1'));
  });

  it('settle and release join the next batch; a close of an unknown or closed reservation changes nothing', async () => {
    const commits = createGroupCommit(ledger);
    const [a, b] = await Promise.all([commits.reserve(input(1)), commits.reserve(input(2))]);
    if (!a?.ok || !b?.ok) throw new Error('not admitted');
    const closes = [commits.settle(a.id, parseAmount('0.05'), { jobId: 'j1' }), commits.release(b.id, 'failed'), commits.release(a.id, 'late'), commits.release('res_nope', 'x')];
    expect(await Promise.all(closes)).toEqual([{ changed: true }, { changed: true }, { changed: false, state: 'settled' }, { changed: false, state: 'unknown' }]);
    expect(commits.stats().batches).toBe(2);
    expect(ledger.usage('agent:a', 'lifetime')).toEqual({ reserved: 0n, spent: parseAmount('0.05125') });
    expect(ledger.verify()).toEqual([]);
  });

  it('one failing operation does not refuse the rest of its batch', async () => {
    const commits = createGroupCommit(ledger);
    const bad = { ...input(2), requestId: null as unknown as string }; // NOT NULL violation
    const out = await Promise.allSettled([commits.reserve(input(1)), commits.reserve(bad), commits.reserve(input(3))]);
    expect(out.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(ledger.held()).toHaveLength(2);
    expect(ledger.verify()).toEqual([]);
  });

  it('flush waits for everything queued; after close each call commits at once', async () => {
    const commits = createGroupCommit(ledger);
    void commits.reserve(input(1));
    await commits.flush();
    expect(ledger.held()).toHaveLength(1);
    commits.close();
    void commits.reserve(input(2));
    expect(ledger.held()).toHaveLength(2);
  });
});
