import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAmount } from '../../shared/domain/decimal';
import { openDatabase, type Db } from '../store/database';
import { createGroupCommit } from './group-commit';
import { createLedger } from './ledger';
import { firstSeqSince } from './ledger-reads';
import type { ReserveInput } from './ledger-types';

let dir: string;
const open: Db[] = [];
const connect = () => {
  const db = openDatabase(dir);
  open.push(db);
  return db;
};
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-journal-'));
});
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const scopes = [{ scope: 'agent:a', label: 'the budget', periodKey: 'lifetime', limit: parseAmount('1'), soft: null }];
const input = (i: number, ttlMs = 60_000): ReserveInput => ({ requestId: `r${i}`, agentId: 'a', model: 'm', minerId: null, payment: parseAmount('0.1'), fee: 0n, scopes, ttlMs });
const rows = (db: Db) => db.prepare<[], number>('SELECT count(*) FROM ledger_entries').pluck().get();
const reserved = (r: ReturnType<ReturnType<typeof createLedger>['reserve']>) => {
  if (!r.ok) throw new Error(r.message);
  return r.id;
};

describe('the ledger journal', () => {
  it('an admission is one row and its settlement one more (payment and fee legs together)', async () => {
    const db = connect();
    const ledger = createLedger(db);
    const commits = createGroupCommit(ledger);
    const admitted = await Promise.all(Array.from({ length: 8 }, (_, i) => commits.reserve(input(i))));
    expect(rows(db)).toBe(8);
    await Promise.all(admitted.map((r) => commits.settle(reserved(r), parseAmount('0.04'), { jobId: `job-${reserved(r)}` })));
    expect(rows(db)).toBe(16);
    const settle = ledger.entries({ limit: 2 });
    expect(settle.map((e) => [e.kind, e.amount])).toEqual([['fee', '0.001'], ['settle', '0.04']]);
    expect(settle[0]!.seq).toBe(settle[1]!.seq); // one row
    expect(ledger.usage('agent:a', 'lifetime')).toEqual({ reserved: 0n, spent: parseAmount('0.328') });
    expect(ledger.verify()).toEqual([]);
  });

  it('the schema lets a reservation close once, and a reserve row carry only its own id', () => {
    const db = connect();
    const ledger = createLedger(db);
    const id = reserved(ledger.reserve(input(1)));
    ledger.settle(id, parseAmount('0.1'), { jobId: 'j' });
    const insert = db.prepare("INSERT INTO ledger_entries (at_ms, kind, reservation_id, amount) VALUES (0, ?, ?, '0.1')");
    expect(() => insert.run('release', id)).toThrow(/UNIQUE/);
    expect(() => insert.run('settle', id)).toThrow(/UNIQUE/);
    expect(() => insert.run('reserve', 'res_1')).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE ledger_entries SET amount = '0'").run()).toThrow(/append-only/);
  });

  it('verify() reports totals, closes and fees that do not add up', () => {
    const db = connect();
    const ledger = createLedger(db);
    const id = reserved(ledger.reserve({ ...input(1), fee: parseAmount('0.0025') })); // room for the 2.5 % fee
    ledger.reserve(input(2));
    ledger.settle(id, parseAmount('0.1'), { jobId: 'j' });
    expect(ledger.verify()).toEqual([]);
    db.prepare("UPDATE spend_totals SET spent = '0.2'").run();
    db.prepare("INSERT INTO ledger_entries (at_ms, kind, reservation_id, amount) VALUES (0, 'release', 'res_999', '1')").run();
    db.prepare("INSERT INTO ledger_entries (at_ms, kind, reservation_id, amount, fee) VALUES (0, 'settle', 'ext_j9', '1', '0.5')").run();
    const problems = ledger.verify();
    expect(problems).toContainEqual(expect.stringMatching(/^totals agent:a lifetime: stored 0\.1\/0\.2, entries give 0\.1\/0\.1025/));
    expect(problems).toContainEqual(expect.stringMatching(/names res_999, which has no reserve entry/));
    expect(problems).toContainEqual(expect.stringMatching(/fee 0\.5 is not the platform fee of 1/));
  });

  it('verify() reports a held reservation that a restart would not find', () => {
    const db = connect();
    const ledger = createLedger(db);
    reserved(ledger.reserve(input(1)));
    db.prepare("UPDATE ledger_marks SET value = 1000 WHERE name = 'open_from_seq'").run();
    expect(ledger.verify()).toContainEqual(expect.stringMatching(/below open_from_seq 1000/));
    expect(createLedger(db).held()).toEqual([]); // what the check is about
  });

  it('two processes on one file: each sees the other’s reservations; a reservation closes once; totals stay exact', () => {
    const a = createLedger(connect());
    const b = createLedger(connect());
    const mine = reserved(a.reserve(input(1)));
    const theirs = reserved(b.reserve(input(2)));
    expect(a.held().map((r) => r.id)).toEqual([mine, theirs]);
    expect(b.settle(mine, parseAmount('0.05'), { jobId: 'j1' })).toEqual({ changed: true }); // closed by the other process
    expect(a.release(mine, 'failed here')).toEqual({ changed: false, state: 'settled' });
    expect(a.release(theirs, 'expired')).toEqual({ changed: true });
    expect(b.settle(theirs, parseAmount('0.1'), { jobId: 'j2' })).toEqual({ changed: false, state: 'released' });
    expect(a.held()).toEqual([]);
    expect(b.held()).toEqual([]);
    expect(a.usage('agent:a', 'lifetime')).toEqual({ reserved: 0n, spent: parseAmount('0.05125') });
    expect(a.verify()).toEqual([]);
    expect(b.verify()).toEqual([]);
    expect(b.entries({ limit: 100 }).filter((e) => e.kind === 'settle' || e.kind === 'release')).toHaveLength(2);
  });

  it('a process that never reads its held set still follows the other’s rows (hundreds of interleaved batches)', () => {
    const unlimited = [{ ...scopes[0]!, limit: null }];
    const a = createLedger(connect());
    const b = createLedger(connect());
    for (let i = 0; i < 300; i++) {
      a.reserve({ ...input(i), scopes: unlimited });
      const theirs = reserved(b.reserve({ ...input(i), scopes: unlimited }));
      if (i % 3 === 0) b.release(theirs, 'failed');
    }
    expect(a.held()).toHaveLength(500);
    expect(a.verify()).toEqual([]);
    expect(b.verify()).toEqual([]);
  });

  it('the budget holds across processes: each transaction re-reads what the other committed', () => {
    const a = createLedger(connect());
    const b = createLedger(connect());
    const outcomes = Array.from({ length: 14 }, (_, i) => (i % 2 ? a : b).reserve(input(i)).ok);
    expect(outcomes.filter(Boolean)).toHaveLength(10); // 10 × 0.1 = the limit of 1
    expect(a.usage('agent:a', 'lifetime').reserved).toBe(parseAmount('1'));
  });

  it('after a restart the held set is rebuilt, and expiry moves the rebuild point past what closed', () => {
    const db = connect();
    const ledger = createLedger(db);
    const old = reserved(ledger.reserve(input(1, 1_000)));
    const live = reserved(ledger.reserve(input(2, 3_600_000)));
    const mark = () => db.prepare<[], number>("SELECT value FROM ledger_marks WHERE name = 'open_from_seq'").pluck().get();
    const restarted = createLedger(connect());
    expect(restarted.held().map((r) => r.id)).toEqual([old, live]);
    expect(restarted.expire(Date.now() + 60_000)).toBe(1);
    expect(mark()).toBe(Number(live.slice(4)));
    expect(createLedger(connect()).held().map((r) => r.id)).toEqual([live]);
    expect(ledger.settle(old, parseAmount('0.1'), { jobId: 'late' })).toEqual({ changed: false, state: 'released' });
    expect(ledger.verify()).toEqual([]);
  });

  it('a batch that fails leaves nothing behind, in the file or in the held set', () => {
    const db = connect();
    const ledger = createLedger(db);
    const bad = { ...input(2), requestId: null as unknown as string };
    expect(() => ledger.apply([{ kind: 'reserve', input: input(1) }, { kind: 'reserve', input: bad }])).toThrow(/CHECK|NOT NULL/);
    expect(rows(db)).toBe(0);
    expect(ledger.held()).toEqual([]);
    expect(ledger.usage('agent:a', 'lifetime')).toEqual({ reserved: 0n, spent: 0n });
    expect(ledger.verify()).toEqual([]);
  });

  it('entry times never go back along seq, so the entries since a time are found without a time index', () => {
    const db = connect();
    let clock = 5_000;
    const ledger = createLedger(db, { now: () => clock });
    const times: number[] = [];
    for (const t of [1_000, 2_000, 2_000, 1_500, 3_000, 9_000, 4_000]) {
      clock = t; // the clock steps back twice
      ledger.recordTransfer({ to: '0xb0', amount: parseAmount('1'), fee: 0n, txHash: `0x${t}` });
      times.push(ledger.entries({ limit: 1 })[0]!.atMs);
    }
    expect(times).toEqual([1_000, 2_000, 2_000, 2_000, 3_000, 9_000, 9_000]);
    const seqs = ledger.entries({ limit: 100, kinds: ['transfer'] }).map((e) => e.seq).reverse();
    expect(firstSeqSince(db, 0)).toBe(0);
    expect(firstSeqSince(db, 1_500)).toBe(seqs[1]);
    expect(firstSeqSince(db, 2_001)).toBe(seqs[4]);
    expect(firstSeqSince(db, 9_001)).toBe(seqs[6]! + 1);
    expect(ledger.entries({ sinceMs: 2_500, kinds: ['transfer'] })).toHaveLength(3);
  });
});
